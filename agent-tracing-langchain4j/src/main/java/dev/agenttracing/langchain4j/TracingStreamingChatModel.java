package dev.agenttracing.langchain4j;

import java.util.List;
import java.util.Set;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.StartedOperation;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * The streaming chat model an AI service calls, decorated so that each call is one
 * {@code chat {model}} span that ends when the stream completes: time to first chunk at
 * the first partial response, usage from the complete response. The handler's callbacks
 * arrive on the HTTP client's threads; they run in the caller's context, so the tools and
 * the next model call that LangChain4j makes from them stay in the run's trace (no
 * Reactor hooks involved).
 *
 * @author agent-tracing
 */
final class TracingStreamingChatModel implements StreamingChatModel {

	/**
	 * The run an AI service is about to call the model for, set by its request event just
	 * before the call on the same thread: a streamed run is not current on the thread
	 * that starts the stream.
	 */
	private static final ThreadLocal<@Nullable PendingCall> pendingCall = new ThreadLocal<>();

	private final StreamingChatModel delegate;

	TracingStreamingChatModel(StreamingChatModel delegate) {
		this.delegate = delegate;
	}

	StreamingChatModel delegate() {
		return this.delegate;
	}

	/**
	 * Say which run the call of {@code request} that follows on this thread belongs to.
	 * @param request the request the AI service is about to send
	 * @param parent the run's context
	 */
	static void parentOfCall(ChatRequest request, Context parent) {
		pendingCall.set(new PendingCall(request, parent));
	}

	@Override
	public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
		PendingCall pending = pendingCall.get();
		pendingCall.remove();
		Context parent = (pending != null && pending.request() == request) ? pending.parent() : null;
		AgentTracer agentTracer = LangChain4jTracing.current();
		if (agentTracer == null) {
			this.delegate.chat(request, options, handler);
			return;
		}
		if (parent == null) {
			parent = Context.current();
		}
		StartedOperation call;
		try (Scope scope = parent.makeCurrent()) {
			call = ChatCalls.start(agentTracer, this.delegate.provider(), this.delegate.defaultRequestParameters(),
					request);
		}
		call.setAttribute(GenAiAttributes.REQUEST_STREAM, true);
		try (Scope scope = call.makeCurrent()) {
			this.delegate.chat(request, options, new TracingStreamingHandler(call, parent, handler));
		}
		catch (Throwable ex) {
			call.endExceptionally(ex);
			throw ex;
		}
	}

	@Override
	public void doChat(ChatRequest chatRequest, StreamingChatResponseHandler handler) {
		this.delegate.doChat(chatRequest, handler);
	}

	@Override
	public ChatRequestParameters defaultRequestParameters() {
		return this.delegate.defaultRequestParameters();
	}

	@Override
	public List<ChatModelListener> listeners() {
		return this.delegate.listeners();
	}

	@Override
	public ModelProvider provider() {
		return this.delegate.provider();
	}

	@Override
	public Set<Capability> supportedCapabilities() {
		return this.delegate.supportedCapabilities();
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

	private record PendingCall(ChatRequest request, Context parent) {
	}

}
