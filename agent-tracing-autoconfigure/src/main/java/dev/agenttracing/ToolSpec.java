package dev.agenttracing;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * What describes one tool execution: its {@code gen_ai.tool.*} attributes. Immutable;
 * each {@code with}-style method returns a copy.
 *
 * @param name tool name ({@code gen_ai.tool.name}), never empty
 * @param description tool description or {@code null}
 * @param type tool type ({@code function} unless said otherwise)
 * @param callId the model's tool call id for this execution, or {@code null}
 * @author agent-tracing
 * @since 0.1.0
 */
public record ToolSpec(String name, @Nullable String description, String type, @Nullable String callId) {

	public ToolSpec {
		Assert.hasText(name, "'name' must not be empty");
		Assert.hasText(type, "'type' must not be empty");
	}

	/**
	 * Create a spec for a {@code function} tool with the given name.
	 * @param name the tool name
	 * @return a new spec
	 */
	public static ToolSpec named(String name) {
		return new ToolSpec(name, null, GenAiAttributes.TOOL_TYPE_FUNCTION, null);
	}

	public ToolSpec description(@Nullable String description) {
		return new ToolSpec(this.name, description, this.type, this.callId);
	}

	public ToolSpec type(String type) {
		return new ToolSpec(this.name, this.description, type, this.callId);
	}

	public ToolSpec callId(@Nullable String callId) {
		return new ToolSpec(this.name, this.description, this.type, callId);
	}

}
