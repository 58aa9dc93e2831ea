package dev.agenttracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.sampling.RunSampling;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.support.TracingFaults;

/**
 * Starts agent runs: decides whether the run records content and which provider it names,
 * layers its conversation id over the caller's {@link AgentContext}, and lets
 * {@link RunSampling} place its span.
 *
 * @author agent-tracing
 */
final class AgentRunStarter {

	private final Tracer tracer;

	private final @Nullable String defaultProvider;

	private final Instruments instruments;

	private final RunSampling sampling;

	AgentRunStarter(Tracer tracer, @Nullable String defaultProvider, Instruments instruments, RunSampling sampling) {
		this.tracer = tracer;
		this.defaultProvider = defaultProvider;
		this.instruments = instruments;
		this.sampling = sampling;
	}

	/**
	 * Start an agent run, not yet current.
	 * @param spec what describes the agent
	 * @param input the agent's input for content recording, or {@code null}
	 * @return the run, or {@code null} when tracing could not start it
	 */
	@Nullable AgentRunOperation start(AgentRunSpec spec, @Nullable Object input) {
		try {
			Context caller = Context.current();
			RunState parentRun = RunState.from(caller);
			boolean recordContent = switch (spec.content()) {
				case ON -> true;
				case OFF -> false;
				case DEFAULT -> SpanStarts.recordsContent(parentRun, this.instruments);
			};
			// A subagent that names no provider works for its parent run's.
			String provider = SpanStarts.orDefault(spec.provider(), this.defaultProvider);
			if (provider == null && parentRun != null) {
				provider = parentRun.provider();
			}
			RunState run = new RunState(parentRun, recordContent, provider);
			// What the run's operations see: the caller's context with the run's
			// conversation id.
			AgentContext callerAgentContext = AgentContext.fromContext(caller);
			AgentContext agentContext = callerAgentContext.withConversationId(spec.conversationId());
			Context parent = (agentContext != callerAgentContext) ? agentContext.storeInContext(caller) : caller;
			SpanBuilder builder = this.tracer.spanBuilder(GenAiAttributes.OPERATION_INVOKE_AGENT + " " + spec.name())
				.setSpanKind(SpanKind.INTERNAL)
				.setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.OPERATION_INVOKE_AGENT)
				.setAttribute(GenAiAttributes.AGENT_NAME, spec.name())
				.setAttribute(GenAiAttributes.AGENT_NESTED, run.isNested());
			SpanStarts.setIfText(builder, GenAiAttributes.PROVIDER_NAME, provider);
			SpanStarts.setIfText(builder, GenAiAttributes.AGENT_ID, spec.id());
			SpanStarts.setIfText(builder, GenAiAttributes.AGENT_DESCRIPTION, spec.description());
			SpanStarts.setIfText(builder, GenAiAttributes.AGENT_VERSION, spec.version());
			if (!agentContext.isEmpty()) {
				builder.setAllAttributes(agentContext.runAttributes(this.instruments.content().textRedaction()));
			}
			Span span = this.sampling.start(builder, parent, parentRun != null);
			AgentRunOperation operation = new AgentRunOperation(this.instruments, span,
					this.sampling.contextOfRun(parent, span), run, provider);
			if (recordContent) {
				ContentRecorder content = this.instruments.content();
				operation.setContent(GenAiAttributes.INPUT_MESSAGES, content.inputMessages(input));
				operation.captureOutput(GenAiAttributes.OUTPUT_MESSAGES, content::outputMessages);
			}
			return operation;
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an agent run span", ex);
			return null;
		}
	}

}
