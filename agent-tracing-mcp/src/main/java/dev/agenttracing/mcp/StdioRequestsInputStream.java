package dev.agenttracing.mcp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import dev.agenttracing.support.TracingFaults;

/**
 * The input of a stdio server, read by the SDK as it is, with each line (one JSON-RPC
 * message) handed to the session's calls as it passes: that is where a request's SERVER
 * span begins. A line longer than {@link #MAX_LINE} bytes passes untraced.
 *
 * @author agent-tracing
 */
final class StdioRequestsInputStream extends FilterInputStream {

	static final int MAX_LINE = 1024 * 1024;

	private final McpServerSessionCalls calls;

	private byte[] line = new byte[1024];

	private int length;

	private boolean overlong;

	StdioRequestsInputStream(InputStream in, McpServerSessionCalls calls) {
		super(in);
		this.calls = calls;
	}

	@Override
	public int read() throws IOException {
		int next = super.read();
		if (next >= 0) {
			seen(new byte[] { (byte) next }, 0, 1);
		}
		return next;
	}

	@Override
	public int read(byte[] buffer, int offset, int count) throws IOException {
		int read = this.in.read(buffer, offset, count);
		if (read > 0) {
			seen(buffer, offset, read);
		}
		return read;
	}

	@Override
	public long skip(long count) throws IOException {
		// Bytes skipped are not seen; the SDK's reader never skips.
		return super.skip(count);
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	private void seen(byte[] buffer, int offset, int count) {
		try {
			int start = offset;
			int end = offset + count;
			for (int i = offset; i < end; i++) {
				if (buffer[i] == '\n') {
					append(buffer, start, i - start);
					lineEnded();
					start = i + 1;
				}
			}
			append(buffer, start, end - start);
		}
		catch (Throwable ex) {
			this.length = 0;
			TracingFaults.report("reading an MCP request from stdio for its server span", ex);
		}
	}

	private void append(byte[] buffer, int offset, int count) {
		if (count == 0 || this.overlong) {
			return;
		}
		if (this.length + count > MAX_LINE) {
			this.overlong = true;
			this.length = 0;
			return;
		}
		if (this.length + count > this.line.length) {
			byte[] grown = new byte[Math.min(MAX_LINE, Math.max(this.line.length * 2, this.length + count))];
			System.arraycopy(this.line, 0, grown, 0, this.length);
			this.line = grown;
		}
		System.arraycopy(buffer, offset, this.line, this.length, count);
		this.length += count;
	}

	private void lineEnded() {
		int length = this.length;
		boolean overlong = this.overlong;
		this.length = 0;
		this.overlong = false;
		if (!overlong && length > 0) {
			this.calls.receivedLine(this.line, length);
		}
	}

}
