package dev.agenttracing.langchain4j;

import java.util.ArrayDeque;
import java.util.Deque;

import dev.langchain4j.agentic.observability.AgentInvocationError;
import dev.langchain4j.agentic.observability.AgentListener;
import dev.langchain4j.agentic.observability.AgentRequest;
import dev.langchain4j.agentic.observability.AgentResponse;
import dev.langchain4j.agentic.planner.AgentInstance;
import io.opentelemetry.context.Scope;
import org.springframework.util.Assert;

import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.StartedOperation;
import dev.agenttracing.TracingFaults;

/**
 * Traces langchain4j-agentic workflows (sequences, loops, supervisors, ...): each invocation of
 * an agent that has subagents is one {@code invoke_agent {name}} span, current while it runs,
 * so its agents, which are AI services and traced as such with no code, are its subagents.
 * LangChain4j takes agent listeners on the workflow's builder, and this one is inherited by
 * the workflow's subagents:
 *
 * <pre class="code">
 * UntypedAgent storyteller = AgenticServices.sequenceBuilder()
 *     .subAgents(writer, editor)
 *     .listener(AgentTracingAgentListener.of(agentTracer))
 *     .build();
 * </pre>
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class AgentTracingAgentListener implements AgentListener {

	// Workflows run their agents on the calling thread and report before/after on it.
	private final ThreadLocal<Deque<Invocation>> invocations = ThreadLocal.withInitial(ArrayDeque::new);

	private final AgentTracer agentTracer;

	private AgentTracingAgentListener(AgentTracer agentTracer) {
		this.agentTracer = agentTracer;
	}

	/**
	 * Create a listener that traces through the given tracer.
	 * @param agentTracer the tracer (the {@code AgentTracer} bean in a Spring application)
	 * @return a new listener
	 */
	public static AgentTracingAgentListener of(AgentTracer agentTracer) {
		Assert.notNull(agentTracer, "'agentTracer' must not be null");
		return new AgentTracingAgentListener(agentTracer);
	}

	@Override
	public void beforeAgentInvocation(AgentRequest request) {
		try {
			AgentInstance agent = request.agent();
			if (agent == null || agent.leaf()) {
				return;
			}
			AgentRunSpec spec = AgentRunSpec.named(request.agentName())
				.id(request.agentId())
				.description(emptyToNull(agent.description()));
			StartedOperation run = this.agentTracer.startAgentRun(spec, request.inputs());
			this.invocations.get().push(new Invocation(request.agentId(), run, run.makeCurrent()));
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an agentic workflow run", ex);
		}
	}

	@Override
	public void afterAgentInvocation(AgentResponse response) {
		Invocation invocation = pop(response.agentId());
		if (invocation != null) {
			invocation.run().end(response.output());
		}
	}

	@Override
	public void onAgentInvocationError(AgentInvocationError error) {
		Invocation invocation = pop(error.agentId());
		if (invocation != null) {
			invocation.run().endExceptionally(error.error());
		}
	}

	@Override
	public boolean inheritedBySubagents() {
		return true;
	}

	private Invocation pop(String agentId) {
		Deque<Invocation> stack = this.invocations.get();
		Invocation top = stack.peek();
		if (top == null || !top.agentId().equals(agentId)) {
			return null;
		}
		stack.pop();
		try {
			top.scope().close();
		}
		catch (Throwable ex) {
			TracingFaults.report("closing an agentic workflow's scope", ex);
		}
		return top;
	}

	private static String emptyToNull(String text) {
		return (text != null && !text.isBlank()) ? text : null;
	}

	private record Invocation(String agentId, StartedOperation run, Scope scope) {
	}

}
