package dev.agenttracing.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import org.springframework.util.Assert;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.StartedOperation;
import dev.agenttracing.support.TracingFaults;

/**
 * Traces the calls of a chat model that the application calls itself, outside AI services
 * (whose model calls agent-tracing traces with no code): each call is one {@code chat
 * {model}} CLIENT span. LangChain4j models take their listeners when they are built, so
 * add it there, for a {@code ChatModel} or a {@code StreamingChatModel}:
 *
 * <pre class="code">
 * OpenAiChatModel model = OpenAiChatModel.builder()
 *     .apiKey(key).modelName("gpt-4o")
 *     .listeners(List.of(AgentTracingChatModelListener.of(agentTracer)))
 *     .build();
 * </pre>
 *
 * Inside an AI service the call is traced already, and the listener records nothing, so
 * the same model can serve both. The span starts when LangChain4j sends the request and
 * ends with its response or error, on whatever thread the response arrives. A streamed
 * call's span has no time to first chunk: model listeners hear of no partial responses.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class AgentTracingChatModelListener implements ChatModelListener {

	// Per call, in the attributes map LangChain4j hands to all three callbacks.
	private static final Object CALL = AgentTracingChatModelListener.class.getName() + ".call";

	private final AgentTracer agentTracer;

	private AgentTracingChatModelListener(AgentTracer agentTracer) {
		this.agentTracer = agentTracer;
	}

	/**
	 * Create a listener that traces through the given tracer.
	 * @param agentTracer the tracer (the {@code AgentTracer} bean in a Spring
	 * application)
	 * @return a new listener
	 */
	public static AgentTracingChatModelListener of(AgentTracer agentTracer) {
		Assert.notNull(agentTracer, "'agentTracer' must not be null");
		return new AgentTracingChatModelListener(agentTracer);
	}

	@Override
	public void onRequest(ChatModelRequestContext requestContext) {
		try {
			if (this.agentTracer.currentLlmCall().isPresent()) {
				return;
			}
			StartedOperation call = ChatCalls.start(this.agentTracer, requestContext.modelProvider(), null,
					requestContext.chatRequest());
			requestContext.attributes().put(CALL, call);
		}
		catch (Throwable ex) {
			TracingFaults.report("starting a LangChain4j chat span", ex);
		}
	}

	@Override
	public void onResponse(ChatModelResponseContext responseContext) {
		if (responseContext.attributes().remove(CALL) instanceof StartedOperation call) {
			try {
				ChatCalls.end(call, responseContext.chatResponse());
			}
			catch (Throwable ex) {
				TracingFaults.report("ending a LangChain4j chat span", ex);
			}
		}
	}

	@Override
	public void onError(ChatModelErrorContext errorContext) {
		if (errorContext.attributes().remove(CALL) instanceof StartedOperation call) {
			call.endExceptionally(errorContext.error());
		}
	}

}
