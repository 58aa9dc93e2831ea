package dev.agenttracing.langchain4j;

import java.util.List;
import java.util.Set;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.opentelemetry.context.Scope;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.StartedOperation;

/**
 * The chat model an AI service calls, decorated so that each call is one {@code chat
 * {model}} span, current while the model runs. LangChain4j takes its models as the
 * {@link ChatModel} interface; everything but {@code chat} is the model's own, and the
 * model's own {@code chat} (with its listeners) does the work. The application's model
 * bean itself is left as it is.
 *
 * @author agent-tracing
 */
final class TracingChatModel implements ChatModel {

	private final ChatModel delegate;

	TracingChatModel(ChatModel delegate) {
		this.delegate = delegate;
	}

	ChatModel delegate() {
		return this.delegate;
	}

	@Override
	public ChatResponse chat(ChatRequest chatRequest, ChatRequestOptions options) {
		AgentTracer agentTracer = LangChain4jTracing.current();
		if (agentTracer == null || agentTracer.currentLlmCall().isPresent()) {
			return this.delegate.chat(chatRequest, options);
		}
		StartedOperation call = ChatCalls.start(agentTracer, this.delegate.provider(),
				this.delegate.defaultRequestParameters(), chatRequest);
		ChatResponse response;
		try (Scope scope = call.makeCurrent()) {
			response = this.delegate.chat(chatRequest, options);
		}
		catch (Throwable ex) {
			call.endExceptionally(ex);
			throw ex;
		}
		ChatCalls.end(call, response);
		return response;
	}

	@Override
	public ChatResponse doChat(ChatRequest chatRequest) {
		return this.delegate.doChat(chatRequest);
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

}
