package dev.agenttracing.langchain4j;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.observability.api.AiServiceListenerRegistrar;
import dev.langchain4j.observability.api.event.AiServiceCompletedEvent;
import dev.langchain4j.observability.api.event.AiServiceErrorEvent;
import dev.langchain4j.observability.api.event.AiServiceRequestIssuedEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.listener.AiServiceCompletedListener;
import dev.langchain4j.observability.api.listener.AiServiceErrorListener;
import dev.langchain4j.observability.api.listener.AiServiceRequestIssuedListener;
import dev.langchain4j.observability.api.listener.AiServiceStartedListener;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.memory.ChatMemoryService;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.StartedOperation;
import dev.agenttracing.support.TracingFaults;

/**
 * The agent runs of one AI service: each call of one of its methods is one
 * {@code invoke_agent {interface simple name}} span, started by LangChain4j's
 * {@code AiServiceStartedEvent} and ended by its completed or error event, all of which
 * LangChain4j fires on the calling thread for a plain call. The run is current on that
 * thread in between, so the model call, the tools and any AI service a tool calls (a
 * subagent) are its children. A streamed call ({@code TokenStream}) returns at once and
 * ends on the stream's thread: it is never made current on the caller's thread; its model
 * calls find it through the request event instead.
 *
 * @author agent-tracing
 */
final class AiServiceRuns {

	// Bounded: a streamed call whose TokenStream is never started never ends.
	private static final int MAX_OPEN_RUNS = 4096;

	private final TracedAiServiceContext context;

	private final Map<UUID, Run> runs = new ConcurrentHashMap<>();

	private final Map<String, Boolean> streamingMethods = new ConcurrentHashMap<>();

	private final Map<String, String> agentNames = new ConcurrentHashMap<>();

	AiServiceRuns(TracedAiServiceContext context) {
		this.context = context;
	}

	void registerOn(AiServiceListenerRegistrar registrar) {
		registrar.register((AiServiceStartedListener) this::started);
		registrar.register((AiServiceRequestIssuedListener) this::requestIssued);
		registrar.register((AiServiceCompletedListener) this::completed);
		registrar.register((AiServiceErrorListener) this::failed);
	}

	/**
	 * The context of the run an invocation belongs to.
	 * @param invocation the invocation
	 * @return the run's context, or {@code null} when the invocation is not traced
	 */
	@Nullable Context contextOf(InvocationContext invocation) {
		Run run = this.runs.get(invocation.invocationId());
		return (run != null) ? run.operation().context() : null;
	}

	private void started(AiServiceStartedEvent event) {
		AgentTracer agentTracer = LangChain4jTracing.current();
		if (agentTracer == null) {
			return;
		}
		try {
			this.context.instrument();
			if (this.runs.size() >= MAX_OPEN_RUNS) {
				TracingFaults.report("starting an AI service run",
						new IllegalStateException(MAX_OPEN_RUNS + " runs of " + this.context.aiServiceClass.getName()
								+ " are open (streams never started?): further calls are not traced"));
				return;
			}
			InvocationContext invocation = event.invocationContext();
			AgentRunSpec spec = AgentRunSpec.named(agentName(invocation))
				.provider(ChatCalls.providerName(invocation.modelProvider()))
				.conversationId(conversationId(invocation));
			UserMessage userMessage = event.userMessage();
			StartedOperation run = agentTracer.startAgentRun(spec,
					(userMessage != null) ? ChatMessages.message(userMessage) : null);
			boolean streaming = isStreaming(invocation);
			Scope scope = streaming ? null : run.makeCurrent();
			this.runs.put(invocation.invocationId(), new Run(run, scope, Thread.currentThread(), streaming));
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an AI service run", ex);
		}
	}

	private void requestIssued(AiServiceRequestIssuedEvent event) {
		Run run = this.runs.get(event.invocationContext().invocationId());
		if (run != null && run.streaming()) {
			TracingStreamingChatModel.parentOfCall(event.request(), run.operation().context());
		}
	}

	private void completed(AiServiceCompletedEvent event) {
		Run run = remove(event.invocationContext());
		if (run != null) {
			run.operation().end(event.result().orElse(null));
		}
	}

	private void failed(AiServiceErrorEvent event) {
		Run run = remove(event.invocationContext());
		if (run != null) {
			run.operation().endExceptionally(event.error());
		}
	}

	private @Nullable Run remove(InvocationContext invocation) {
		Run run = this.runs.remove(invocation.invocationId());
		if (run != null) {
			this.context.runEnded(invocation);
		}
		if (run != null && run.scope() != null && run.thread() == Thread.currentThread()) {
			try {
				run.scope().close();
			}
			catch (Throwable ex) {
				TracingFaults.report("closing an AI service run's scope", ex);
			}
		}
		return run;
	}

	// @MemoryId, when the method has one: LangChain4j reports "default" (that very
	// instance) otherwise.
	private static @Nullable String conversationId(InvocationContext invocation) {
		Object memoryId = invocation.chatMemoryId();
		if (memoryId == null || memoryId == ChatMemoryService.DEFAULT) {
			return null;
		}
		return memoryId.toString();
	}

	private boolean isStreaming(InvocationContext invocation) {
		return this.streamingMethods.computeIfAbsent(methodKey(invocation), (ignored) -> findStreaming(invocation));
	}

	private boolean findStreaming(InvocationContext invocation) {
		Type returnType = this.context.returnType;
		if (returnType != null) {
			return isStreamType(returnType);
		}
		for (Method method : this.context.aiServiceClass.getMethods()) {
			if (isMethodOf(invocation, method) && isStreamType(method.getGenericReturnType())) {
				return true;
			}
		}
		return false;
	}

	// The configured name is looked up on each call (installing another tracer may change
	// it);
	// the annotations are read once per method.
	private String agentName(InvocationContext invocation) {
		String configured = AgentNames.configured(this.context.aiServiceClass, LangChain4jTracing.agentNames());
		if (configured != null) {
			return configured;
		}
		return this.agentNames.computeIfAbsent(methodKey(invocation),
				(ignored) -> AgentNames.nameOf(this.context.aiServiceClass, method(invocation), Map.of()));
	}

	private @Nullable Method method(InvocationContext invocation) {
		for (Method method : this.context.aiServiceClass.getMethods()) {
			if (isMethodOf(invocation, method)) {
				return method;
			}
		}
		return null;
	}

	private static String methodKey(InvocationContext invocation) {
		return invocation.methodName() + "/" + argumentCount(invocation);
	}

	private static boolean isMethodOf(InvocationContext invocation, Method method) {
		return method.getName().equals(invocation.methodName())
				&& method.getParameterCount() == argumentCount(invocation);
	}

	private static int argumentCount(InvocationContext invocation) {
		return (invocation.methodArguments() != null) ? invocation.methodArguments().size() : 0;
	}

	// TokenStream, and the stream types LangChain4j adapts it to (Reactor, Mutiny).
	private static boolean isStreamType(Type type) {
		if (type == TokenStream.class) {
			return true;
		}
		String name = type.getTypeName();
		return name.startsWith("reactor.core.publisher.Flux") || name.startsWith("io.smallrye.mutiny.Multi");
	}

	private record Run(StartedOperation operation, @Nullable Scope scope, Thread thread, boolean streaming) {
	}

}
