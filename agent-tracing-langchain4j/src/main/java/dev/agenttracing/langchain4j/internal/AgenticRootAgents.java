package dev.agenttracing.langchain4j.internal;

import dev.langchain4j.agentic.internal.InternalAgent;
import dev.langchain4j.agentic.observability.AgentListener;

import dev.agenttracing.langchain4j.AgentTracingAgentListener;
import dev.agenttracing.support.TracingFaults;

/**
 * Puts {@link AgentTracingAgentListener#automatic() agent-tracing's listener} on an
 * agentic system that is already built, for a supervisor or planner-based agent at the
 * top of one: langchain4j-agentic builds those without any extension point (unlike
 * workflows, see {@code TracingWorkflowAgentsBuilder}) and takes listeners only on their
 * builder. The one way to reach a built agent is
 * {@code InternalAgent#registerInheritedParentListener}, a public method of the agent's
 * own interface in langchain4j-agentic's {@code internal} package, which is how
 * langchain4j-agentic hands a workflow's listener to its subagents; that use is isolated
 * here, and {@code AgenticSupervisorTracingTests} fails when it changes. The agent itself
 * is not replaced, proxied or otherwise changed.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class AgenticRootAgents {

	private AgenticRootAgents() {
	}

	/**
	 * Trace the given object if it is the top of a langchain4j-agentic system (an agent
	 * with subagents) that does not carry the listener yet. Leaf agents are AI services
	 * and traced as such; any other object is left alone.
	 * @param candidate any object, for instance a Spring bean
	 * @return whether the listener was added
	 */
	public static boolean trace(Object candidate) {
		if (!(candidate instanceof InternalAgent agent)) {
			return false;
		}
		try {
			if (agent.leaf() || agent.listener() instanceof AgentTracingAgentListener) {
				return false;
			}
			AgentListener listener = AgentTracingAgentListener.automatic();
			agent.registerInheritedParentListener(listener);
			return true;
		}
		catch (Throwable ex) {
			TracingFaults.report("adding the listener to an agentic system", ex);
			return false;
		}
	}

}
