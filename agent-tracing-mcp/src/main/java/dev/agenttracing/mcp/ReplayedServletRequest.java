package dev.agenttracing.mcp;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A servlet request whose body {@link McpServerHttpFilter} has read: the bytes it read,
 * then (of a body longer than the filter holds) the rest of the original stream as it
 * comes.
 *
 * @author agent-tracing
 */
final class ReplayedServletRequest extends HttpServletRequestWrapper {

	private final byte[] body;

	private final @Nullable ServletInputStream rest;

	ReplayedServletRequest(HttpServletRequest request, byte[] body, @Nullable ServletInputStream rest) {
		super(request);
		this.body = body;
		this.rest = rest;
	}

	@Override
	public ServletInputStream getInputStream() {
		ByteArrayInputStream in = new ByteArrayInputStream(this.body);
		ServletInputStream rest = this.rest;
		return new ServletInputStream() {

			@Override
			public int read() throws IOException {
				int b = in.read();
				return (b != -1 || rest == null) ? b : rest.read();
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				if (length == 0) {
					return 0;
				}
				int read = in.read(buffer, offset, length);
				return (read != -1 || rest == null) ? read : rest.read(buffer, offset, length);
			}

			@Override
			public boolean isFinished() {
				return in.available() == 0 && (rest == null || rest.isFinished());
			}

			@Override
			public boolean isReady() {
				return in.available() > 0 || rest == null || rest.isReady();
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new UnsupportedOperationException("the MCP request body has been read already");
			}

		};
	}

	@Override
	public BufferedReader getReader() {
		return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
	}

}
