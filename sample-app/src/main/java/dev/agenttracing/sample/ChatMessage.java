package dev.agenttracing.sample;

/**
 * One message of a conversation with the model.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text
 */
public record ChatMessage(String role, String content) {

	static ChatMessage system(String content) {
		return new ChatMessage("system", content);
	}

	static ChatMessage user(String content) {
		return new ChatMessage("user", content);
	}

	static ChatMessage assistant(String content) {
		return new ChatMessage("assistant", content);
	}

	static ChatMessage tool(String content) {
		return new ChatMessage("tool", content);
	}

}
