package dev.agenttracing.mcp;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.agenttracing.support.TracingFaults;

/**
 * Wraps the handlers of server specifications (the SDK's public records of a feature and
 * its handler function) so that every call is a SERVER span. The wrapped handler is
 * called with the same arguments and its result or exception (the same instance) is
 * returned unchanged.
 *
 * @author agent-tracing
 */
final class McpServerHandlers {

	private McpServerHandlers() {
	}

	static McpServerFeatures.SyncToolSpecification tool(McpServerFeatures.SyncToolSpecification specification,
			McpTracing tracing) {
		if (specification.callHandler() instanceof TracedSyncTool) {
			return specification;
		}
		return new McpServerFeatures.SyncToolSpecification(specification.tool(),
				new TracedSyncTool(specification.callHandler(), tracing));
	}

	static McpServerFeatures.AsyncToolSpecification tool(McpServerFeatures.AsyncToolSpecification specification,
			McpTracing tracing) {
		if (specification.callHandler() instanceof TracedAsyncTool) {
			return specification;
		}
		return new McpServerFeatures.AsyncToolSpecification(specification.tool(),
				new TracedAsyncTool(specification.callHandler(), tracing));
	}

	static McpServerFeatures.SyncResourceSpecification resource(
			McpServerFeatures.SyncResourceSpecification specification, McpTracing tracing) {
		if (specification.readHandler() instanceof TracedSyncResource) {
			return specification;
		}
		return new McpServerFeatures.SyncResourceSpecification(specification.resource(),
				new TracedSyncResource(specification.readHandler(), tracing));
	}

	static McpServerFeatures.AsyncResourceSpecification resource(
			McpServerFeatures.AsyncResourceSpecification specification, McpTracing tracing) {
		if (specification.readHandler() instanceof TracedAsyncResource) {
			return specification;
		}
		return new McpServerFeatures.AsyncResourceSpecification(specification.resource(),
				new TracedAsyncResource(specification.readHandler(), tracing));
	}

	static McpServerFeatures.AsyncPromptSpecification prompt(McpServerFeatures.AsyncPromptSpecification specification,
			McpTracing tracing) {
		if (specification.promptHandler() instanceof TracedAsyncPrompt) {
			return specification;
		}
		return new McpServerFeatures.AsyncPromptSpecification(specification.prompt(),
				new TracedAsyncPrompt(specification.promptHandler(), tracing));
	}

	static McpServerFeatures.SyncPromptSpecification prompt(McpServerFeatures.SyncPromptSpecification specification,
			McpTracing tracing) {
		if (specification.promptHandler() instanceof TracedSyncPrompt) {
			return specification;
		}
		return new McpServerFeatures.SyncPromptSpecification(specification.prompt(),
				new TracedSyncPrompt(specification.promptHandler(), tracing));
	}

	// The span of the request this handler serves, begun by a traced transport or
	// filter, if there is one.
	private static @Nullable Joined joined(McpTracing tracing, @Nullable String sessionId, String method,
			@Nullable String target, @Nullable Map<String, Object> meta) {
		try {
			McpServerSessionCalls calls = tracing.serverSessions().forServerSession(sessionId);
			McpServerCall call = (calls != null) ? calls.claim(method, target, meta) : null;
			return (call != null && calls != null) ? new Joined(call, calls.handlerEnds()) : null;
		}
		catch (Throwable ex) {
			TracingFaults.report("finding the MCP server span of a request", ex);
			return null;
		}
	}

	private static <R> R call(McpTracing tracing, @Nullable String sessionId, String method, @Nullable String target,
			@Nullable Map<String, Object> meta, Supplier<McpServerCall> start, Work<R> work) {
		Joined joined = joined(tracing, sessionId, method, target, meta);
		if (joined != null && joined.handlerEnds()) {
			return call(joined.call(), work);
		}
		if (joined != null) {
			// Ended by the response the server sends, whatever the handler returns or
			// throws.
			try (Scope scope = joined.call().makeCurrent()) {
				return work.run();
			}
		}
		return call(start.get(), work);
	}

	private static <R> R call(McpServerCall call, Work<R> work) {
		R result;
		try (Scope scope = call.makeCurrent()) {
			result = work.run();
		}
		catch (Throwable ex) {
			// Rethrown as it is: the work throws nothing checked, unless sneakily.
			call.failed(ex);
			throw ex;
		}
		call.succeeded(result);
		return result;
	}

	private static <R> Mono<R> callAsync(McpTracing tracing, @Nullable String sessionId, String method,
			@Nullable String target, @Nullable Map<String, Object> meta, Supplier<McpServerCall> start,
			Supplier<Mono<R>> work) {
		return Mono.defer(() -> {
			Joined joined = joined(tracing, sessionId, method, target, meta);
			if (joined != null && !joined.handlerEnds()) {
				try (Scope scope = joined.call().makeCurrent()) {
					return work.get();
				}
			}
			McpServerCall call = (joined != null) ? joined.call() : start.get();
			Mono<R> result;
			try (Scope scope = call.makeCurrent()) {
				result = work.get();
			}
			catch (Throwable ex) {
				// Rethrown as it is: the work throws nothing checked, unless sneakily.
				call.failed(ex);
				throw ex;
			}
			return result.doOnSuccess(call::succeeded).doOnError(call::failed);
		});
	}

	private record Joined(McpServerCall call, boolean handlerEnds) {
	}

	@FunctionalInterface
	private interface Work<R> {

		R run();

	}

	private record TracedSyncTool(
			BiFunction<McpSyncServerExchange, McpSchema.CallToolRequest, McpSchema.CallToolResult> delegate,
			McpTracing tracing)
			implements
				BiFunction<McpSyncServerExchange, McpSchema.CallToolRequest, McpSchema.CallToolResult> {

		@Override
		public McpSchema.CallToolResult apply(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
			return call(this.tracing, exchange.sessionId(), McpMethods.TOOLS_CALL, request.name(), request.meta(),
					() -> McpServerCall.start(this.tracing, McpMethods.TOOLS_CALL, request.name(), request.meta(),
							exchange.sessionId(), null),
					() -> this.delegate.apply(exchange, request));
		}

	}

	private record TracedAsyncTool(
			BiFunction<McpAsyncServerExchange, McpSchema.CallToolRequest, Mono<McpSchema.CallToolResult>> delegate,
			McpTracing tracing)
			implements
				BiFunction<McpAsyncServerExchange, McpSchema.CallToolRequest, Mono<McpSchema.CallToolResult>> {

		@Override
		public Mono<McpSchema.CallToolResult> apply(McpAsyncServerExchange exchange,
				McpSchema.CallToolRequest request) {
			return callAsync(this.tracing, exchange.sessionId(), McpMethods.TOOLS_CALL, request.name(), request.meta(),
					() -> McpServerCall.start(this.tracing, McpMethods.TOOLS_CALL, request.name(), request.meta(),
							exchange.sessionId(), null),
					() -> this.delegate.apply(exchange, request));
		}

	}

	private record TracedAsyncResource(
			BiFunction<McpAsyncServerExchange, McpSchema.ReadResourceRequest, Mono<McpSchema.ReadResourceResult>> delegate,
			McpTracing tracing)
			implements
				BiFunction<McpAsyncServerExchange, McpSchema.ReadResourceRequest, Mono<McpSchema.ReadResourceResult>> {

		@Override
		public Mono<McpSchema.ReadResourceResult> apply(McpAsyncServerExchange exchange,
				McpSchema.ReadResourceRequest request) {
			return callAsync(this.tracing, exchange.sessionId(), McpMethods.RESOURCES_READ, null, request.meta(),
					() -> McpServerCall.start(this.tracing, McpMethods.RESOURCES_READ, null, request.meta(),
							exchange.sessionId(), request.uri()),
					() -> this.delegate.apply(exchange, request));
		}

	}

	private record TracedAsyncPrompt(
			BiFunction<McpAsyncServerExchange, McpSchema.GetPromptRequest, Mono<McpSchema.GetPromptResult>> delegate,
			McpTracing tracing)
			implements
				BiFunction<McpAsyncServerExchange, McpSchema.GetPromptRequest, Mono<McpSchema.GetPromptResult>> {

		@Override
		public Mono<McpSchema.GetPromptResult> apply(McpAsyncServerExchange exchange,
				McpSchema.GetPromptRequest request) {
			return callAsync(this.tracing, exchange.sessionId(), McpMethods.PROMPTS_GET, request.name(), request.meta(),
					() -> McpServerCall.start(this.tracing, McpMethods.PROMPTS_GET, request.name(), request.meta(),
							exchange.sessionId(), null),
					() -> this.delegate.apply(exchange, request));
		}

	}

	private record TracedSyncResource(
			BiFunction<McpSyncServerExchange, McpSchema.ReadResourceRequest, McpSchema.ReadResourceResult> delegate,
			McpTracing tracing)
			implements
				BiFunction<McpSyncServerExchange, McpSchema.ReadResourceRequest, McpSchema.ReadResourceResult> {

		@Override
		public McpSchema.ReadResourceResult apply(McpSyncServerExchange exchange,
				McpSchema.ReadResourceRequest request) {
			return call(this.tracing, exchange.sessionId(), McpMethods.RESOURCES_READ, null, request.meta(),
					() -> McpServerCall.start(this.tracing, McpMethods.RESOURCES_READ, null, request.meta(),
							exchange.sessionId(), request.uri()),
					() -> this.delegate.apply(exchange, request));
		}

	}

	private record TracedSyncPrompt(
			BiFunction<McpSyncServerExchange, McpSchema.GetPromptRequest, McpSchema.GetPromptResult> delegate,
			McpTracing tracing)
			implements
				BiFunction<McpSyncServerExchange, McpSchema.GetPromptRequest, McpSchema.GetPromptResult> {

		@Override
		public McpSchema.GetPromptResult apply(McpSyncServerExchange exchange, McpSchema.GetPromptRequest request) {
			return call(this.tracing, exchange.sessionId(), McpMethods.PROMPTS_GET, request.name(), request.meta(),
					() -> McpServerCall.start(this.tracing, McpMethods.PROMPTS_GET, request.name(), request.meta(),
							exchange.sessionId(), null),
					() -> this.delegate.apply(exchange, request));
		}

	}

}
