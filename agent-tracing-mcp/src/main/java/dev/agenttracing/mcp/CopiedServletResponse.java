package dev.agenttracing.mcp;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A servlet response that hands every byte and character the server writes to the
 * original response, as it is written, and to an {@link McpResponseCopy}: the client
 * receives the same body at the same time.
 *
 * @author agent-tracing
 */
final class CopiedServletResponse extends HttpServletResponseWrapper {

	private final McpResponseCopy copy;

	private @Nullable ServletOutputStream outputStream;

	private @Nullable PrintWriter writer;

	CopiedServletResponse(HttpServletResponse response, McpResponseCopy copy) {
		super(response);
		this.copy = copy;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		ServletOutputStream outputStream = this.outputStream;
		if (outputStream == null) {
			outputStream = new CopiedOutputStream(super.getOutputStream(), this.copy);
			this.outputStream = outputStream;
		}
		return outputStream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		PrintWriter writer = this.writer;
		if (writer == null) {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			PrintWriter delegate = super.getWriter();
			writer = new PrintWriter(new CopiedWriter(delegate, this.copy, charset)) {

				@Override
				public boolean checkError() {
					return super.checkError() || delegate.checkError();
				}

			};
			this.writer = writer;
		}
		return writer;
	}

	@Override
	public void reset() {
		super.reset();
		this.copy.reset();
	}

	@Override
	public void resetBuffer() {
		super.resetBuffer();
		this.copy.reset();
	}

	private static final class CopiedOutputStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		private final McpResponseCopy copy;

		CopiedOutputStream(ServletOutputStream delegate, McpResponseCopy copy) {
			this.delegate = delegate;
			this.copy = copy;
		}

		@Override
		public void write(int b) throws IOException {
			this.delegate.write(b);
			this.copy.write(b);
		}

		@Override
		public void write(byte[] buffer, int offset, int length) throws IOException {
			this.delegate.write(buffer, offset, length);
			this.copy.write(buffer, offset, length);
		}

		@Override
		public void flush() throws IOException {
			this.delegate.flush();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			this.delegate.setWriteListener(listener);
		}

	}

	private static final class CopiedWriter extends Writer {

		private final PrintWriter delegate;

		private final McpResponseCopy copy;

		private final Charset charset;

		CopiedWriter(PrintWriter delegate, McpResponseCopy copy, Charset charset) {
			this.delegate = delegate;
			this.copy = copy;
			this.charset = charset;
		}

		@Override
		public void write(char[] buffer, int offset, int length) {
			this.delegate.write(buffer, offset, length);
			byte[] bytes = new String(buffer, offset, length).getBytes(this.charset);
			this.copy.write(bytes, 0, bytes.length);
		}

		@Override
		public void flush() {
			this.delegate.flush();
		}

		@Override
		public void close() {
			this.delegate.close();
		}

	}

}
