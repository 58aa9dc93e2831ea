package dev.agenttracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * A tool execution ({@code execute_tool}): found in its context by an instrumentation
 * below it ({@link AgentTracer#currentTool()}) and by a nested start of the same
 * execution, which is traced once.
 *
 * @author agent-tracing
 */
final class ToolOperation extends TracedOperation {

	private static final ContextKey<ToolOperation> KEY = ContextKey.named("dev.agenttracing.tool");

	private final String toolName;

	ToolOperation(Instruments instruments, Span span, Context parent, String toolName, @Nullable RunState run) {
		super(instruments, span, parent, GenAiAttributes.OPERATION_EXECUTE_TOOL, run, false);
		this.toolName = toolName;
	}

	static @Nullable ToolOperation current() {
		return from(Context.current());
	}

	static @Nullable ToolOperation from(Context context) {
		return context.get(KEY);
	}

	@Override
	Context storeIn(Context context) {
		return context.with(KEY, this);
	}

	/** The tool's name, to recognise a nested start of the same execution. */
	String toolName() {
		return this.toolName;
	}

	@Override
	@Nullable TokenUsage summarize() {
		return null;
	}

}
