package dev.agenttracing.langchain4j;

import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.annotation.Tool;

/**
 * A LangChain4j application as a user writes it: OpenAI models, tool beans and AI
 * services declared as plain Spring beans, with no tracing code.
 *
 * @author agent-tracing
 */
@Configuration(proxyBeanMethods = false)
class LangChain4jApp {

	@Bean
	OpenAiChatModel chatModel(@Value("${test.base-url}") String baseUrl) {
		return OpenAiChatModel.builder()
			.baseUrl(baseUrl)
			.apiKey("test-key")
			.modelName("gpt-4o")
			.temperature(0.2)
			.maxTokens(256)
			.maxRetries(0)
			.build();
	}

	@Bean
	OpenAiStreamingChatModel streamingChatModel(@Value("${test.base-url}") String baseUrl) {
		return OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey("test-key").modelName("gpt-4o-mini").build();
	}

	@Bean
	WeatherTools weatherTools() {
		return new WeatherTools();
	}

	@Bean
	ClockTools clockTools() {
		return new ClockTools();
	}

	@Bean
	Assistant assistant(ChatModel chatModel, WeatherTools weatherTools, ClockTools clockTools) {
		return AiServices.builder(Assistant.class)
			.chatModel(chatModel)
			.chatMemoryProvider((id) -> MessageWindowChatMemory.withMaxMessages(20))
			.tools(weatherTools, clockTools)
			.build();
	}

	@Bean
	StreamingAssistant streamingAssistant(StreamingChatModel streamingChatModel, WeatherTools weatherTools) {
		return AiServices.builder(StreamingAssistant.class)
			.streamingChatModel(streamingChatModel)
			.tools(weatherTools)
			.build();
	}

	interface Assistant {

		@SystemMessage("You plan trips.")
		String chat(@MemoryId String conversation, @UserMessage String message);

	}

	interface StreamingAssistant {

		TokenStream chat(String message);

	}

	/** A LangChain4j tool bean that carries agent-tracing's {@code @Tool} too. */
	static class WeatherTools {

		@dev.langchain4j.agent.tool.Tool("Current weather for a city")
		@Tool(name = "weather")
		public String weather(String city) {
			if ("Atlantis".equals(city)) {
				throw new UnknownCityException(city);
			}
			return city + ": sunny, 21°C";
		}

	}

	/** A LangChain4j tool bean with LangChain4j's annotation only. */
	static class ClockTools {

		@dev.langchain4j.agent.tool.Tool("Local time in a city")
		public String localTime(String city) {
			return "14:05";
		}

	}

	static class UnknownCityException extends RuntimeException {

		UnknownCityException(String city) {
			super("No such city: " + city);
		}

	}

}
