package dev.agenttracing.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import dev.agenttracing.StartedOperation;

/**
 * Passes every callback of a streamed model call to the application's handler, unchanged,
 * in the caller's context; the first chunk marks the time to first chunk, the complete
 * response or the error ends the call's span before the handler goes on.
 *
 * @author agent-tracing
 */
final class TracingStreamingHandler implements StreamingChatResponseHandler {

	private final StartedOperation call;

	private final Context parent;

	private final StreamingChatResponseHandler delegate;

	private volatile boolean chunkSeen;

	TracingStreamingHandler(StartedOperation call, Context parent, StreamingChatResponseHandler delegate) {
		this.call = call;
		this.parent = parent;
		this.delegate = delegate;
	}

	@Override
	public void onPartialResponse(String partialResponse) {
		chunk();
		try (Scope scope = this.parent.makeCurrent()) {
			this.delegate.onPartialResponse(partialResponse);
		}
	}

	@Override
	public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
		chunk();
		try (Scope scope = this.parent.makeCurrent()) {
			this.delegate.onPartialResponse(partialResponse, context);
		}
	}

	@Override
	public void onPartialThinking(PartialThinking partialThinking) {
		chunk();
		try (Scope scope = this.parent.makeCurrent()) {
			this.delegate.onPartialThinking(partialThinking);
		}
	}

	@Override
	public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
		chunk();
		try (Scope scope = this.parent.makeCurrent()) {
			this.delegate.onPartialThinking(partialThinking, context);
		}
	}

	@Override
	public void onPartialToolCall(PartialToolCall partialToolCall) {
		chunk();
		try (Scope scope = this.parent.makeCurrent()) {
			this.delegate.onPartialToolCall(partialToolCall);
		}
	}

	@Override
	public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
		chunk();
		try (Scope scope = this.parent.makeCurrent()) {
			this.delegate.onPartialToolCall(partialToolCall, context);
		}
	}

	@Override
	public void onCompleteToolCall(CompleteToolCall completeToolCall) {
		try (Scope scope = this.parent.makeCurrent()) {
			this.delegate.onCompleteToolCall(completeToolCall);
		}
	}

	@Override
	public void onUnmappedRawEvent(Object rawEvent) {
		try (Scope scope = this.parent.makeCurrent()) {
			this.delegate.onUnmappedRawEvent(rawEvent);
		}
	}

	@Override
	public void onCompleteResponse(ChatResponse completeResponse) {
		ChatCalls.end(this.call, completeResponse);
		try (Scope scope = this.parent.makeCurrent()) {
			this.delegate.onCompleteResponse(completeResponse);
		}
	}

	@Override
	public void onError(Throwable error) {
		this.call.endExceptionally(error);
		try (Scope scope = this.parent.makeCurrent()) {
			this.delegate.onError(error);
		}
	}

	private void chunk() {
		if (!this.chunkSeen) {
			this.chunkSeen = true;
			this.call.streamed(null);
		}
	}

}
