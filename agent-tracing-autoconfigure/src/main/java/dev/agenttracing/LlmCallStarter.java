package dev.agenttracing;

import java.util.Map;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.support.TracingFaults;

/**
 * Starts calls to a model, with the default provider and model for a spec that names
 * none.
 *
 * @author agent-tracing
 */
final class LlmCallStarter {

	private final Tracer tracer;

	private final @Nullable String defaultProvider;

	private final @Nullable String defaultModel;

	private final Instruments instruments;

	LlmCallStarter(Tracer tracer, @Nullable String defaultProvider, @Nullable String defaultModel,
			Instruments instruments) {
		this.tracer = tracer;
		this.defaultProvider = defaultProvider;
		this.defaultModel = defaultModel;
		this.instruments = instruments;
	}

	/**
	 * Start a model call as a child of {@code parent}, not yet current.
	 * @param parent the context to start it in
	 * @param spec what describes the call
	 * @param arguments the request by name ({@code system}, {@code messages}) for content
	 * recording, or {@code null}
	 * @return the call, or {@code null} when tracing could not start it
	 */
	@Nullable LlmCallOperation start(Context parent, LlmCallSpec spec,
			@Nullable Map<String, ? extends @Nullable Object> arguments) {
		try {
			String provider = SpanStarts.orDefault(spec.provider(), this.defaultProvider);
			String model = SpanStarts.orDefault(spec.model(), this.defaultModel);
			String name = (model != null) ? spec.operation() + " " + model : spec.operation();
			SpanBuilder builder = this.tracer.spanBuilder(name)
				.setParent(parent)
				.setSpanKind(SpanKind.CLIENT)
				.setAttribute(GenAiAttributes.OPERATION_NAME, spec.operation());
			SpanStarts.setIfText(builder, GenAiAttributes.PROVIDER_NAME, provider);
			SpanStarts.setIfText(builder, GenAiAttributes.REQUEST_MODEL, model);
			SpanStarts.setIfText(builder, GenAiAttributes.SERVER_ADDRESS, spec.serverAddress());
			if (spec.serverPort() > 0) {
				builder.setAttribute(GenAiAttributes.SERVER_PORT, (long) spec.serverPort());
			}
			RunState run = RunState.from(parent);
			LlmCallOperation operation = new LlmCallOperation(this.instruments, builder.startSpan(), parent,
					spec.operation(), provider, model, run);
			if (SpanStarts.recordsContent(run, this.instruments)) {
				ContentRecorder content = this.instruments.content();
				if (arguments != null) {
					ContentRecorder.LlmRequestContent request = content.llmRequest(arguments);
					operation.setContent(GenAiAttributes.SYSTEM_INSTRUCTIONS, request.systemInstructions());
					operation.setContent(GenAiAttributes.INPUT_MESSAGES, request.inputMessages());
				}
				operation.recordOutput(content);
			}
			return operation;
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an LLM call span", ex);
			return null;
		}
	}

}
