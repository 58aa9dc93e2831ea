package dev.agenttracing.springai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.util.StringUtils;

/**
 * Shapes Spring AI messages as the GenAI conventions' messages: a role and typed parts
 * ({@code text}, {@code tool_call} with the model's call id, {@code tool_call_response}).
 * The maps are handed to agent-tracing's content recorder, which redacts them and keeps
 * parts that carry a {@code type} as they are.
 *
 * @author agent-tracing
 */
final class SpringAiMessages {

	private SpringAiMessages() {
	}

	/**
	 * The request content for {@code AgentTracer.startLlmCall}: the system instructions
	 * under {@code system} and the other messages under {@code messages}.
	 * @param prompt the prompt sent
	 * @return the arguments
	 */
	static Map<String, @Nullable Object> request(Prompt prompt) {
		List<String> system = new ArrayList<>();
		List<Map<String, Object>> messages = new ArrayList<>();
		for (Message message : prompt.getInstructions()) {
			if (message.getMessageType() == MessageType.SYSTEM) {
				if (StringUtils.hasText(message.getText())) {
					system.add(message.getText());
				}
			}
			else {
				messages.add(message(message));
			}
		}
		Map<String, @Nullable Object> arguments = new LinkedHashMap<>();
		arguments.put("system", system.isEmpty() ? null : (system.size() == 1) ? system.get(0) : system);
		arguments.put("messages", messages);
		return arguments;
	}

	/**
	 * The output messages of a response, one per generation, with its finish reason.
	 * @param response the response
	 * @return the messages
	 */
	static List<Map<String, Object>> output(ChatResponse response) {
		List<Map<String, Object>> messages = new ArrayList<>();
		for (Generation generation : response.getResults()) {
			Map<String, Object> message = message(generation.getOutput());
			message.put("finish_reason", FinishReasons.ofMessage(generation.getMetadata().getFinishReason()));
			messages.add(message);
		}
		return messages;
	}

	private static Map<String, Object> message(Message message) {
		Map<String, Object> shaped = new LinkedHashMap<>();
		shaped.put("role", role(message.getMessageType()));
		List<Map<String, Object>> parts = new ArrayList<>();
		if (message instanceof ToolResponseMessage toolResponses) {
			for (ToolResponseMessage.ToolResponse response : toolResponses.getResponses()) {
				Map<String, Object> part = new LinkedHashMap<>();
				part.put("type", "tool_call_response");
				putIfText(part, "id", response.id());
				part.put("response", response.responseData());
				parts.add(part);
			}
		}
		else if (StringUtils.hasText(message.getText())) {
			Map<String, Object> part = new LinkedHashMap<>();
			part.put("type", "text");
			part.put("content", message.getText());
			parts.add(part);
		}
		if (message instanceof AssistantMessage assistant) {
			for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
				Map<String, Object> part = new LinkedHashMap<>();
				part.put("type", "tool_call");
				putIfText(part, "id", call.id());
				part.put("name", call.name());
				putIfText(part, "arguments", call.arguments());
				parts.add(part);
			}
		}
		shaped.put("parts", parts);
		return shaped;
	}

	private static String role(MessageType type) {
		return type.getValue().toLowerCase(Locale.ROOT);
	}

	private static void putIfText(Map<String, Object> part, String key, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			part.put(key, value);
		}
	}

}
