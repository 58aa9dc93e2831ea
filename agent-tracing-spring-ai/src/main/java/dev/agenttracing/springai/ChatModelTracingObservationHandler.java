package dev.agenttracing.springai;

import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.util.Assert;

import dev.agenttracing.AgentContext;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.LlmCallSpec;
import dev.agenttracing.StartedOperation;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Traces every Spring AI chat model call, called or streamed, as one {@code chat {model}}
 * CLIENT span of agent-tracing, from Spring AI's own {@link ChatModelObservationContext}
 * observation.
 * <p>
 * It is a {@link TracingObservationHandler}, ordered before Micrometer's default one:
 * Spring Boot hands an observation to the first tracing handler that supports it, so the
 * chat model observation gets our span instead of Micrometer's, and everything Spring
 * observes below it (the HTTP call of the model client, tools) finds our span as its
 * parent. Meter handlers still see the observation.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class ChatModelTracingObservationHandler extends OperationObservationHandler<ChatModelObservationContext> {

	private final AgentTracer agentTracer;

	private final @Nullable StreamingChatTracingAdvisor streamingAdvisor;

	private final ConfiguredServers servers;

	/**
	 * Create a handler.
	 * @param agentTracer where spans are started
	 * @param tracer Micrometer's tracer (for the interface's default methods)
	 * @param streamingAdvisor the advisor that reports the first chunk of streamed
	 * {@code ChatClient} calls, or {@code null}
	 * @param servers the model servers the application configures
	 */
	public ChatModelTracingObservationHandler(AgentTracer agentTracer, Tracer tracer,
			@Nullable StreamingChatTracingAdvisor streamingAdvisor, ConfiguredServers servers) {
		super(ChatModelObservationContext.class, tracer);
		Assert.notNull(agentTracer, "'agentTracer' must not be null");
		this.agentTracer = agentTracer;
		this.streamingAdvisor = streamingAdvisor;
		this.servers = servers;
	}

	@Override
	public void onStart(ChatModelObservationContext context) {
		try {
			Prompt prompt = context.getRequest();
			ChatOptions options = prompt.getOptions();
			String provider = context.getOperationMetadata().provider();
			LlmCallSpec spec = LlmCallSpec.chat((options != null) ? options.getModel() : null)
				.provider(SpringAiProviders.conventionName(provider));
			ProviderOptions.Server server = ProviderOptions.server(options);
			if (server == null) {
				server = this.servers.serverOf(provider);
			}
			if (server != null) {
				spec = spec.server(server.address(), server.port());
			}
			StartedOperation call = start(context, spec, new LazyContent(() -> SpringAiMessages.request(prompt)));
			if (!call.isRecording()) {
				return;
			}
			RequestParameters.apply(call, options);
			context.put(StartedOperation.class, call);
			Context callContext = call.context();
			getTracingContext(context).setSpan(OtelSpan.fromOtel(Span.fromContext(callContext), callContext));
			if (context.isStreaming()) {
				call.setAttribute(GenAiAttributes.REQUEST_STREAM, true);
				StreamingChatTracingAdvisor advisor = this.streamingAdvisor;
				ChatClientRequest request = ObservationParents.nearestRequest(context);
				if (advisor != null && request != null) {
					advisor.bind(request, call, () -> onStop(context));
				}
			}
		}
		catch (Throwable ex) {
			TracingFaultLog.report("starting a Spring AI chat span", ex);
		}
	}

	private StartedOperation start(Observation.Context context, LlmCallSpec spec,
			Map<String, @Nullable Object> request) {
		Context parent = ObservationParents.parentContext(context);
		String conversationId = ObservationParents.conversationId(context);
		if (conversationId == null) {
			return this.agentTracer.startLlmCall(parent, spec, request);
		}
		// The conversation id layers over the parent's agent context, which only a
		// current scope does.
		try (Scope parentScope = parent.makeCurrent();
				Scope conversation = AgentContext.builder().conversationId(conversationId).makeCurrent()) {
			return this.agentTracer.startLlmCall(spec, request);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		// Asked for every observation Micrometer starts: an instanceof of a constant
		// type.
		return context instanceof ChatModelObservationContext;
	}

	@Override
	public void onError(ChatModelObservationContext context) {
		StartedOperation call = operationOf(context);
		Throwable error = context.getError();
		if (call != null && error != null) {
			call.endExceptionally(error);
		}
	}

	@Override
	public void onStop(ChatModelObservationContext context) {
		StartedOperation call = operationOf(context);
		if (call == null) {
			return;
		}
		try {
			ChatResponse response = context.getResponse();
			call.end((response != null) ? new ChatResponseResult(response) : null);
		}
		catch (Throwable ex) {
			TracingFaultLog.report("ending a Spring AI chat span", ex);
			call.end(null);
		}
	}

}
