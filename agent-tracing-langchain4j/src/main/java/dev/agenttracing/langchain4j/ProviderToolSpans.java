package dev.agenttracing.langchain4j;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolErrorContext;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.service.tool.ToolExecution;
import dev.langchain4j.service.tool.ToolExecutionErrorHandler;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolService;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.StartedOperation;
import dev.agenttracing.ToolSpec;
import dev.agenttracing.support.TracingFaults;

/**
 * {@code execute_tool} spans for the tools a {@code ToolProvider} supplies per call (MCP
 * tools, dynamic providers), which LangChain4j runs with executors it creates for each
 * call, so they cannot be decorated like the service's own tools
 * ({@link TracingToolExecutor}). They are traced through the tool service's public hooks
 * instead: its before and after tool execution callbacks, which LangChain4j calls on the
 * thread that runs the tool, and its execution error handler, which is handed the tool's
 * own exception. The span is not made current, because LangChain4j calls no "after" when
 * the tool is not found (hallucinated names); one left open that way is cancelled when
 * its run ends.
 *
 * @author agent-tracing
 */
final class ProviderToolSpans {

	private final ToolService toolService;

	private final AiServiceRuns runs;

	private final Map<RequestKey, Pending> pending = new ConcurrentHashMap<>();

	ProviderToolSpans(ToolService toolService, AiServiceRuns runs) {
		this.toolService = toolService;
		this.runs = runs;
	}

	/**
	 * Register on the tool service, keeping the application's own callbacks and handler.
	 */
	void register() {
		Consumer<BeforeToolExecution> before = this.toolService.beforeToolExecution();
		Consumer<BeforeToolExecution> ours = this::before;
		this.toolService.beforeToolExecution((before != null) ? ours.andThen(before) : ours);
		Consumer<ToolExecution> after = this.toolService.afterToolExecution();
		Consumer<ToolExecution> oursAfter = this::after;
		this.toolService.afterToolExecution((after != null) ? after.andThen(oursAfter) : oursAfter);
		ToolExecutionErrorHandler handler = this.toolService.executionErrorHandler();
		this.toolService.executionErrorHandler((error, context) -> handle(handler, error, context));
	}

	/** Cancel the spans of a run's tools that never reported back. */
	void runEnded(InvocationContext invocation) {
		UUID invocationId = invocation.invocationId();
		this.pending.entrySet().removeIf((entry) -> {
			if (invocationId.equals(entry.getValue().invocationId())) {
				entry.getValue().tool().cancel();
				return true;
			}
			return false;
		});
	}

	private void before(BeforeToolExecution execution) {
		try {
			AgentTracer agentTracer = LangChain4jTracing.current();
			ToolExecutionRequest request = execution.request();
			if (agentTracer == null || request == null || isTracedAlready(request.name())) {
				return;
			}
			InvocationContext invocation = execution.invocationContext();
			ToolSpec spec = ToolSpec.named(request.name()).callId(request.id());
			Map<String, @Nullable Object> arguments = new LazyArguments(() -> TracingToolExecutor.argumentsOf(request));
			Context parent = (invocation != null && !Span.current().getSpanContext().isValid())
					? this.runs.contextOf(invocation) : null;
			StartedOperation tool;
			try (Scope scope = (parent != null) ? parent.makeCurrent() : Scope.noop()) {
				tool = agentTracer.startTool(spec, arguments);
			}
			this.pending.put(new RequestKey(request),
					new Pending(tool, (invocation != null) ? invocation.invocationId() : null, new Throwable[1]));
		}
		catch (Throwable ex) {
			TracingFaults.report("starting a provided tool's span", ex);
		}
	}

	// A tool of the service's own is traced by its decorated executor.
	private boolean isTracedAlready(String name) {
		ToolExecutor executor = this.toolService.toolExecutors().get(name);
		return executor instanceof TracingToolExecutor;
	}

	private ToolErrorHandlerResult handle(ToolExecutionErrorHandler handler, Throwable error,
			ToolErrorContext context) {
		Pending tool = (context.toolExecutionRequest() != null)
				? this.pending.get(new RequestKey(context.toolExecutionRequest())) : null;
		if (tool != null) {
			tool.error()[0] = error;
		}
		try {
			return handler.handle(error, context);
		}
		catch (RuntimeException | Error ex) {
			// The application's handler rethrows: LangChain4j calls no "after".
			if (tool != null && this.pending.remove(new RequestKey(context.toolExecutionRequest()), tool)) {
				tool.tool().endExceptionally(error);
			}
			throw ex;
		}
	}

	private void after(ToolExecution execution) {
		Pending tool = (execution.request() != null) ? this.pending.remove(new RequestKey(execution.request())) : null;
		if (tool == null) {
			return;
		}
		Throwable error = tool.error()[0];
		if (error != null) {
			tool.tool().endExceptionally(error);
		}
		else if (execution.hasFailed()) {
			tool.tool().endWithError("tool_error");
		}
		else {
			tool.tool().end(execution.result());
		}
	}

	private record Pending(StartedOperation tool, @Nullable UUID invocationId, @Nullable Throwable[] error) {
	}

	/**
	 * A tool execution request by identity: LangChain4j hands the same one to every hook.
	 */
	private record RequestKey(ToolExecutionRequest request) {

		@Override
		public boolean equals(Object other) {
			return other instanceof RequestKey that && this.request == that.request;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.request);
		}

	}

}
