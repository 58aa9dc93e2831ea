package dev.agenttracing.langchain4j;

import java.util.Map;
import java.util.function.Function;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.StartedOperation;
import dev.agenttracing.ToolSpec;

/**
 * One tool of an AI service, decorated so that each execution is one {@code execute_tool
 * {name}} span with the model's call id, current while the tool runs. LangChain4j takes
 * its tools as {@link ToolExecutor}s; the tool object itself is never touched, so what
 * LangChain4j finds on it by reflection stays as it is. A tool that throws ends its span
 * with its own exception (LangChain4j wraps it in a {@link ToolExecutionException}), and
 * the very same exception goes on to LangChain4j's error handling.
 *
 * @author agent-tracing
 */
final class TracingToolExecutor implements ToolExecutor {

	private final ToolExecutor delegate;

	private final @Nullable String description;

	/**
	 * The context of the run an invocation belongs to, for tools run on other threads.
	 */
	private final Function<InvocationContext, @Nullable Context> runContext;

	TracingToolExecutor(ToolExecutor delegate, @Nullable String description,
			Function<InvocationContext, @Nullable Context> runContext) {
		this.delegate = delegate;
		this.description = description;
		this.runContext = runContext;
	}

	@Override
	public String execute(ToolExecutionRequest request, Object memoryId) {
		AgentTracer agentTracer = LangChain4jTracing.current();
		if (agentTracer == null) {
			return this.delegate.execute(request, memoryId);
		}
		StartedOperation tool = start(agentTracer, request, null);
		String result;
		try (Scope scope = tool.makeCurrent()) {
			result = this.delegate.execute(request, memoryId);
		}
		catch (Throwable ex) {
			tool.endExceptionally(toolException(ex));
			throw ex;
		}
		tool.end(result);
		return result;
	}

	@Override
	public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
		AgentTracer agentTracer = LangChain4jTracing.current();
		if (agentTracer == null) {
			return this.delegate.executeWithContext(request, context);
		}
		StartedOperation tool = start(agentTracer, request, context);
		ToolExecutionResult result;
		try (Scope scope = tool.makeCurrent()) {
			result = this.delegate.executeWithContext(request, context);
		}
		catch (Throwable ex) {
			tool.endExceptionally(toolException(ex));
			throw ex;
		}
		if (result != null && result.isError()) {
			tool.endWithError("tool_error");
		}
		else {
			tool.end((result != null) ? result.resultText() : null);
		}
		return result;
	}

	private StartedOperation start(AgentTracer agentTracer, ToolExecutionRequest request,
			@Nullable InvocationContext context) {
		ToolSpec spec = ToolSpec.named(request.name()).description(this.description).callId(request.id());
		Map<String, @Nullable Object> arguments = new LazyArguments(() -> argumentsOf(request));
		Context parent = (context != null && !Span.current().getSpanContext().isValid())
				? this.runContext.apply(context) : null;
		if (parent == null) {
			return agentTracer.startTool(spec, arguments);
		}
		// Run by an executor of LangChain4j's (executeToolsConcurrently): no context came
		// along.
		try (Scope scope = parent.makeCurrent()) {
			return agentTracer.startTool(spec, arguments);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, @Nullable Object> argumentsOf(ToolExecutionRequest request) {
		Object arguments = ChatMessages.arguments(request.arguments());
		return (arguments instanceof Map<?, ?> map) ? (Map<String, @Nullable Object>) map
				: Map.of("arguments", arguments);
	}

	// The tool's own exception, which LangChain4j wraps before its error handler unwraps
	// it.
	private static Throwable toolException(Throwable ex) {
		if ((ex instanceof ToolExecutionException || ex instanceof ToolArgumentsException) && ex.getCause() != null) {
			return ex.getCause();
		}
		return ex;
	}

}
