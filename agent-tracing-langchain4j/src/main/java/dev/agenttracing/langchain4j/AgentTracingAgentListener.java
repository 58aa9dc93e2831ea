package dev.agenttracing.langchain4j;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.langchain4j.agentic.observability.AgentInvocationError;
import dev.langchain4j.agentic.observability.AgentListener;
import dev.langchain4j.agentic.observability.AgentRequest;
import dev.langchain4j.agentic.observability.AgentResponse;
import dev.langchain4j.agentic.planner.AgentInstance;
import dev.langchain4j.agentic.scope.AgenticScope;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.StartedOperation;
import dev.agenttracing.support.TracingFaults;

/**
 * Traces langchain4j-agentic workflows (sequences, parallels, loops, supervisors, ...):
 * each invocation of an agent that has subagents is one {@code invoke_agent {name}} span,
 * and while any of its agents runs, on whatever thread the workflow runs it (a parallel
 * workflow uses an executor), the workflow's run is current there, so its agents, which
 * are AI services and traced as such with no code, are its subagents. Workflows built
 * with {@code AgenticServices}' sequence, parallel, loop, conditional and parallel mapper
 * builders (and declarative ones) get this listener with no code
 * ({@link TracingWorkflowAgentsBuilder}), and so do supervisors and planner-based agents
 * declared as Spring beans
 * ({@link dev.agenttracing.langchain4j.internal.AgenticRootAgents}); one built outside a
 * bean, or a hand-built setup, takes it on its builder, and it is inherited by the
 * workflow's subagents:
 *
 * <pre class="code">
 * SupervisorAgent supervisor = AgenticServices.supervisorBuilder()
 *     .subAgents(writer, editor)
 *     .listener(AgentTracingAgentListener.of(agentTracer))
 *     .build();
 * </pre>
 *
 * Any number of these listeners on one workflow trace each invocation once.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class AgentTracingAgentListener implements AgentListener {

	private static final AgentTracingAgentListener AUTOMATIC = new AgentTracingAgentListener(null);

	// Shared by all listeners: LangChain4j reports before/after of an agent on the thread
	// that
	// runs it, and an agent's parent (the workflow) is open in the same agentic scope.
	private static final Map<InvocationKey, Invocation> invocations = new ConcurrentHashMap<>();

	private static final Map<ScopedAgent, Context> workflows = new ConcurrentHashMap<>();

	private final @Nullable AgentTracer agentTracer;

	private AgentTracingAgentListener(@Nullable AgentTracer agentTracer) {
		this.agentTracer = agentTracer;
	}

	/**
	 * Create a listener that traces through the given tracer.
	 * @param agentTracer the tracer (the {@code AgentTracer} bean in a Spring
	 * application)
	 * @return a new listener
	 */
	public static AgentTracingAgentListener of(AgentTracer agentTracer) {
		Assert.notNull(agentTracer, "'agentTracer' must not be null");
		return new AgentTracingAgentListener(agentTracer);
	}

	/**
	 * The listener that traces through the tracer installed for LangChain4j
	 * ({@link LangChain4jTracing}) at the time an agent is invoked, and does nothing
	 * while none is.
	 * @return the listener
	 */
	public static AgentTracingAgentListener automatic() {
		return AUTOMATIC;
	}

	@Override
	public void beforeAgentInvocation(AgentRequest request) {
		try {
			AgentInstance agent = request.agent();
			AgenticScope agenticScope = request.agenticScope();
			AgentTracer agentTracer = (this.agentTracer != null) ? this.agentTracer : LangChain4jTracing.current();
			if (agent == null || agenticScope == null || agentTracer == null) {
				return;
			}
			InvocationKey key = new InvocationKey(agenticScope, agent.agentId(), Thread.currentThread());
			if (invocations.containsKey(key)) {
				return;
			}
			Context parent = parentContext(agenticScope, agent);
			if (agent.leaf()) {
				// The agent's own AI service run starts as a child of what is current
				// here.
				Scope scope = (parent != null) ? parent.makeCurrent() : null;
				invocations.put(key, new Invocation(this, null, scope));
				return;
			}
			AgentRunSpec spec = AgentRunSpec.named(request.agentName())
				.id(request.agentId())
				.description(emptyToNull(agent.description()));
			StartedOperation run;
			try (Scope ignored = (parent != null) ? parent.makeCurrent() : Scope.noop()) {
				run = agentTracer.startAgentRun(spec, request.inputs());
			}
			workflows.put(new ScopedAgent(agenticScope, agent.agentId()), run.context());
			invocations.put(key, new Invocation(this, run, run.makeCurrent()));
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an agentic workflow run", ex);
		}
	}

	@Override
	public void afterAgentInvocation(AgentResponse response) {
		StartedOperation run = finish(response.agenticScope(), response.agent());
		if (run != null) {
			run.end(response.output());
		}
	}

	@Override
	public void onAgentInvocationError(AgentInvocationError error) {
		StartedOperation run = finish(error.agenticScope(), error.agent());
		if (run != null) {
			run.endExceptionally(error.error());
		}
	}

	@Override
	public boolean inheritedBySubagents() {
		return true;
	}

	private static @Nullable Context parentContext(AgenticScope agenticScope, AgentInstance agent) {
		AgentInstance parent = agent.parent();
		return (parent != null) ? workflows.get(new ScopedAgent(agenticScope, parent.agentId())) : null;
	}

	private @Nullable StartedOperation finish(@Nullable AgenticScope agenticScope, @Nullable AgentInstance agent) {
		if (agenticScope == null || agent == null) {
			return null;
		}
		InvocationKey key = new InvocationKey(agenticScope, agent.agentId(), Thread.currentThread());
		Invocation invocation = invocations.get(key);
		if (invocation == null || invocation.owner() != this || !invocations.remove(key, invocation)) {
			return null;
		}
		try {
			if (invocation.scope() != null) {
				invocation.scope().close();
			}
			if (invocation.run() != null) {
				workflows.remove(new ScopedAgent(agenticScope, agent.agentId()), invocation.run().context());
			}
		}
		catch (Throwable ex) {
			TracingFaults.report("closing an agentic workflow's scope", ex);
		}
		return invocation.run();
	}

	private static @Nullable String emptyToNull(@Nullable String text) {
		return (text != null && !text.isBlank()) ? text : null;
	}

	private record Invocation(AgentTracingAgentListener owner, @Nullable StartedOperation run, @Nullable Scope scope) {
	}

	/**
	 * An agent in one agentic scope (by identity: one per invocation of the outermost
	 * workflow).
	 */
	private record ScopedAgent(AgenticScope agenticScope, String agentId) {

		@Override
		public boolean equals(Object other) {
			return other instanceof ScopedAgent that && this.agenticScope == that.agenticScope
					&& this.agentId.equals(that.agentId);
		}

		@Override
		public int hashCode() {
			return 31 * System.identityHashCode(this.agenticScope) + this.agentId.hashCode();
		}

	}

	private record InvocationKey(AgenticScope agenticScope, String agentId, Thread thread) {

		@Override
		public boolean equals(Object other) {
			return other instanceof InvocationKey that && this.agenticScope == that.agenticScope
					&& this.agentId.equals(that.agentId) && this.thread == that.thread;
		}

		@Override
		public int hashCode() {
			return (31 * System.identityHashCode(this.agenticScope) + this.agentId.hashCode()) * 31
					+ System.identityHashCode(this.thread);
		}

	}

}
