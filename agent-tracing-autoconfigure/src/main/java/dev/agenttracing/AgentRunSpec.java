package dev.agenttracing;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * What describes an agent run: its {@code gen_ai.agent.*} attributes and provider.
 * Immutable; each {@code with}-style method returns a copy.
 *
 * <pre class="code">
 * AgentRunSpec spec = AgentRunSpec.named("trip-planner").description("Plans trips").provider("openai");
 * </pre>
 *
 * @param name agent name ({@code gen_ai.agent.name}), never empty
 * @param description agent description or {@code null}
 * @param id agent id or {@code null}
 * @param version agent version or {@code null}
 * @param provider provider name or {@code null} to use
 * {@code agent.tracing.default-provider}
 * @param content whether the run records content
 * @param conversationId the conversation this run belongs to
 * ({@code gen_ai.conversation.id}), or {@code null} for the one of the current
 * {@link AgentContext}, if any
 * @author agent-tracing
 * @since 0.1.0
 */
public record AgentRunSpec(String name, @Nullable String description, @Nullable String id, @Nullable String version,
		@Nullable String provider, ContentRecording content, @Nullable String conversationId) {

	public AgentRunSpec {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(content, "'content' must not be null");
	}

	/**
	 * Create a spec for the agent with the given name.
	 * @param name the agent name
	 * @return a new spec
	 */
	public static AgentRunSpec named(String name) {
		return new AgentRunSpec(name, null, null, null, null, ContentRecording.DEFAULT, null);
	}

	public AgentRunSpec description(@Nullable String description) {
		return new AgentRunSpec(this.name, description, this.id, this.version, this.provider, this.content,
				this.conversationId);
	}

	public AgentRunSpec id(@Nullable String id) {
		return new AgentRunSpec(this.name, this.description, id, this.version, this.provider, this.content,
				this.conversationId);
	}

	public AgentRunSpec version(@Nullable String version) {
		return new AgentRunSpec(this.name, this.description, this.id, version, this.provider, this.content,
				this.conversationId);
	}

	public AgentRunSpec provider(@Nullable String provider) {
		return new AgentRunSpec(this.name, this.description, this.id, this.version, provider, this.content,
				this.conversationId);
	}

	/**
	 * Whether this run records content, overriding {@code agent.tracing.content.enabled}.
	 * @param content on, off or the default
	 * @return a copy with the given setting
	 */
	public AgentRunSpec content(ContentRecording content) {
		return new AgentRunSpec(this.name, this.description, this.id, this.version, this.provider, content,
				this.conversationId);
	}

	/**
	 * The conversation this run belongs to ({@code gen_ai.conversation.id}): an id the
	 * application already has, such as a chat thread id. An enclosing
	 * {@link AgentContext} that already names a conversation wins, as the ids are
	 * reserved.
	 * @param conversationId the conversation id, or {@code null} for none
	 * @return a copy with the given conversation id
	 */
	public AgentRunSpec conversationId(@Nullable String conversationId) {
		return new AgentRunSpec(this.name, this.description, this.id, this.version, this.provider, this.content,
				conversationId);
	}

}
