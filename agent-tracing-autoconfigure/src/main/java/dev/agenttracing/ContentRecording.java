package dev.agenttracing;

/**
 * Whether an agent run records its content (messages, tool arguments and results),
 * overriding {@code agent.tracing.content.enabled} for the run and everything inside it.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public enum ContentRecording {

	/**
	 * As the enclosing agent run does, or as {@code agent.tracing.content.enabled} says.
	 */
	DEFAULT,

	/** Record content in this run, even when it is off application-wide. */
	ON,

	/**
	 * Never record content in this run, nor in the tools, LLM calls and subagents it
	 * calls.
	 */
	OFF

}
