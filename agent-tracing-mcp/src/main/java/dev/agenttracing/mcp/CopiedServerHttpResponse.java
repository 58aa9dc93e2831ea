package dev.agenttracing.mcp;

import java.nio.ByteBuffer;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agenttracing.support.TracingFaults;

/**
 * A reactive server response that hands every buffer the server writes to the original
 * response, as it is written, and to an {@link McpResponseCopy}: the client receives the
 * same body at the same time.
 *
 * @author agent-tracing
 */
final class CopiedServerHttpResponse extends ServerHttpResponseDecorator {

	private final McpResponseCopy copy;

	CopiedServerHttpResponse(ServerHttpResponse response, McpResponseCopy copy) {
		super(response);
		this.copy = copy;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		// A single buffer stays a Mono, which the server writes with its length.
		return super.writeWith((body instanceof Mono<? extends DataBuffer> mono) ? mono.doOnNext(this::copy)
				: Flux.from(body).doOnNext(this::copy));
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return super.writeAndFlushWith(Flux.from(body).map((part) -> Flux.from(part).doOnNext(this::copy)));
	}

	private void copy(DataBuffer buffer) {
		try (DataBuffer.ByteBufferIterator readable = buffer.readableByteBuffers()) {
			while (readable.hasNext()) {
				ByteBuffer bytes = readable.next();
				byte[] array = new byte[bytes.remaining()];
				bytes.get(array);
				this.copy.write(array, 0, array.length);
			}
		}
		catch (Throwable ex) {
			TracingFaults.report("copying an MCP response for its server span", ex);
		}
	}

}
