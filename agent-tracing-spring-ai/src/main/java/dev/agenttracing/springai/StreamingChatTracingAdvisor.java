package dev.agenttracing.springai;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;

import dev.agenttracing.StartedOperation;

/**
 * Reports the first chunk of each streamed {@code ChatClient} model call to its span, for
 * {@code gen_ai.response.time_to_first_chunk} (Spring AI's chat model observation is told
 * only when a stream ends), and ends the span when the stream completes, before the
 * completion reaches the caller. It sits directly above Spring AI's stream advisor, sees
 * the chunks as they arrive, and changes nothing in them. Streams only: a call has no
 * chunks.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class StreamingChatTracingAdvisor implements StreamAdvisor {

	/** The advisor's name, as Spring AI's advisor observations show it. */
	public static final String NAME = "agent-tracing first chunk";

	/** Just above Spring AI's stream advisor, which is the last one. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 1;

	// The request this advisor hands on is the one the model call's parent observation
	// holds.
	private final Map<ChatClientRequest, FirstChunk> streams = Collections.synchronizedMap(new IdentityHashMap<>());

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		FirstChunk firstChunk = new FirstChunk();
		this.streams.put(request, firstChunk);
		return chain.nextStream(request)
			.doOnNext((response) -> firstChunk.seen())
			.doOnComplete(firstChunk::completed)
			.doFinally((signal) -> this.streams.remove(request));
	}

	/**
	 * Bind the span of a streamed model call to the stream it belongs to.
	 * @param request the request of the nearest {@code ChatClient} observation above the
	 * call
	 * @param call the call's span
	 * @param end ends the call with the answer Spring AI has aggregated
	 */
	void bind(ChatClientRequest request, StartedOperation call, Runnable end) {
		FirstChunk firstChunk = this.streams.get(request);
		if (firstChunk != null) {
			firstChunk.bind(call, end);
		}
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	private static final class FirstChunk {

		private final AtomicBoolean seen = new AtomicBoolean();

		private volatile @Nullable StartedOperation call;

		private volatile @Nullable Runnable end;

		void bind(StartedOperation call, Runnable end) {
			this.call = call;
			this.end = end;
		}

		/**
		 * Spring AI ends its chat observation after the stream's completion has gone on
		 * downstream, on another thread past its stream advisor's {@code publishOn}: an
		 * agent run that ends with the stream could be summarised before the call's usage
		 * reached it. The call ends here instead, before the completion goes further.
		 */
		void completed() {
			Runnable end = this.end;
			if (end != null) {
				end.run();
			}
		}

		void seen() {
			StartedOperation call = this.call;
			if (call != null && this.seen.compareAndSet(false, true)) {
				call.streamed(null);
			}
		}

	}

}
