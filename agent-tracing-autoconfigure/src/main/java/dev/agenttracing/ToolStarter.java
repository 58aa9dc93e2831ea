package dev.agenttracing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.support.TracingFaults;

/**
 * Starts tool executions, once per execution: a framework's tool call and an annotated
 * method it invokes are one.
 *
 * @author agent-tracing
 */
final class ToolStarter {

	private static final int MAX_CACHED_SPAN_NAMES = 256;

	private final Tracer tracer;

	private final Instruments instruments;

	// Span names of tools ("execute_tool get_weather"): few, and asked for on every call.
	private final Map<String, String> spanNames = new ConcurrentHashMap<>();

	ToolStarter(Tracer tracer, Instruments instruments) {
		this.tracer = tracer;
		this.instruments = instruments;
	}

	/**
	 * Start a tool execution as a child of {@code parent}, not yet current.
	 * @param parent the context to start it in
	 * @param spec what describes the tool
	 * @param arguments the tool's arguments by name for content recording, or
	 * {@code null}
	 * @return the execution, or {@code null} when it is already traced or tracing could
	 * not start it
	 */
	@Nullable ToolOperation start(Context parent, ToolSpec spec, @Nullable Map<String, ? extends @Nullable Object> arguments) {
		return start(parent, spec, spec.callId(), arguments);
	}

	/**
	 * Start a tool execution whose call id is given apart from its spec, so that a spec
	 * made once for a tool serves every call of it without a copy per call.
	 * @param parent the context to start it in
	 * @param spec what describes the tool
	 * @param callId the call id of this execution, or {@code null}
	 * @param arguments the tool's arguments by name for content recording, or
	 * {@code null}
	 * @return the execution, or {@code null} when it is already traced or tracing could
	 * not start it
	 */
	@Nullable ToolOperation start(Context parent, ToolSpec spec, @Nullable String callId,
			@Nullable Map<String, ? extends @Nullable Object> arguments) {
		try {
			if (isSameToolExecution(parent, spec.name())) {
				return null;
			}
			SpanBuilder builder = this.tracer.spanBuilder(spanName(spec.name()))
				.setParent(parent)
				.setSpanKind(SpanKind.INTERNAL)
				.setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.OPERATION_EXECUTE_TOOL)
				.setAttribute(GenAiAttributes.TOOL_NAME, spec.name())
				.setAttribute(GenAiAttributes.TOOL_TYPE, spec.type());
			SpanStarts.setIfText(builder, GenAiAttributes.TOOL_DESCRIPTION, spec.description());
			SpanStarts.setIfText(builder, GenAiAttributes.TOOL_CALL_ID, callId);
			RunState run = RunState.from(parent);
			ToolOperation operation = new ToolOperation(this.instruments, builder.startSpan(), parent, spec.name(),
					run);
			if (SpanStarts.recordsContent(run, this.instruments)) {
				ContentRecorder content = this.instruments.content();
				if (arguments != null) {
					operation.setContent(GenAiAttributes.TOOL_CALL_ARGUMENTS, content.toolArguments(arguments));
				}
				operation.captureOutput(GenAiAttributes.TOOL_CALL_RESULT, content::toolResult);
			}
			return operation;
		}
		catch (Throwable ex) {
			TracingFaults.report("starting a tool span", ex);
			return null;
		}
	}

	/**
	 * Whether a tool execution of this name would start directly inside one of the same
	 * name, with no other span between: a framework's tool call and an annotated method
	 * it invokes (a method with Spring AI's {@code @Tool} and ours) are one execution,
	 * traced once.
	 */
	private static boolean isSameToolExecution(Context parent, String toolName) {
		ToolOperation enclosing = ToolOperation.from(parent);
		return enclosing != null && !enclosing.isEnded() && toolName.equals(enclosing.toolName())
				&& Span.fromContext(parent) == enclosing.span();
	}

	private String spanName(String toolName) {
		String spanName = this.spanNames.get(toolName);
		if (spanName == null) {
			spanName = GenAiAttributes.OPERATION_EXECUTE_TOOL + " " + toolName;
			// Bounded: tool names come from annotations, but the programmatic API takes
			// any.
			if (this.spanNames.size() < MAX_CACHED_SPAN_NAMES) {
				this.spanNames.put(toolName, spanName);
			}
		}
		return spanName;
	}

}
