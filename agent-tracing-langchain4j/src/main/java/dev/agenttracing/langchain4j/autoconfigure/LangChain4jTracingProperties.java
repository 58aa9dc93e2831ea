package dev.agenttracing.langchain4j.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the LangChain4j integration.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@ConfigurationProperties("agent.tracing.langchain4j")
public class LangChain4jTracingProperties {

	/**
	 * Whether to trace LangChain4j AI services, their model calls and tools.
	 */
	private boolean enabled = true;

	/**
	 * Agent name ({@code gen_ai.agent.name}) of the AI services of each interface, by the
	 * interface's fully qualified name (a nested interface with '.' before its own name,
	 * e.g. {@code com.example.Agents.Planner}). Wins over {@code @AgentRun(name)} and
	 * langchain4j-agentic's {@code @Agent(name)}; unnamed interfaces use their simple
	 * name.
	 */
	private Map<String, String> agentNames = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, String> getAgentNames() {
		return this.agentNames;
	}

	public void setAgentNames(Map<String, String> agentNames) {
		this.agentNames = agentNames;
	}

}
