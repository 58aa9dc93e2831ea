package dev.agenttracing.springai;

import java.util.List;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.agenttracing.annotation.AgentRun;

/**
 * An application as a Spring AI user writes it: a {@code ChatClient}, a Spring AI
 * {@code @Tool}, an {@code @AgentRun} agent, and nothing of agent-tracing beyond the
 * dependency. Spans go to an in-memory exporter as they end.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class TravelApp {

	@Bean
	CapturedSpans capturedSpans() {
		return new CapturedSpans();
	}

	@Bean
	SpanProcessor testSpanProcessor(CapturedSpans spans) {
		return SimpleSpanProcessor.create(spans.exporter());
	}

	/**
	 * Where this application's spans go as they end (not a SpanExporter bean, which Boot
	 * would batch as well).
	 */
	static final class CapturedSpans {

		private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

		InMemorySpanExporter exporter() {
			return this.exporter;
		}

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
	TravelAgent travelAgent(ChatClient.Builder chatClient, WeatherTools tools, ClockTools clock) {
		return new TravelAgent(chatClient.defaultSystem("You plan trips.")
			.defaultTools(tools, clock)
			.defaultToolCallbacks(
					FunctionToolCallback.builder("convert_currency", (Amount amount) -> amount.value() * 2)
						.description("Converts an amount to euros")
						.inputType(Amount.class)
						.build())
			.build());
	}

	static class WeatherTools {

		@Tool(name = "get_weather", description = "Current weather of a city")
		String getWeather(String city) {
			if ("Atlantis".equals(city)) {
				throw new CityNotFoundException(city);
			}
			return "sunny in " + city;
		}

	}

	@Bean
	DirectAgent directAgent(ChatModel chatModel) {
		return new DirectAgent(chatModel);
	}

	/** Calls the model without ChatClient. */
	static class DirectAgent {

		private final ChatModel chatModel;

		DirectAgent(ChatModel chatModel) {
			this.chatModel = chatModel;
		}

		@AgentRun(name = "direct")
		String ask(String question) {
			return this.chatModel.call(question);
		}

	}

	record Amount(double value, String currency) {
	}

	static class CityNotFoundException extends RuntimeException {

		CityNotFoundException(String city) {
			super("no such city: " + city);
		}

	}

	static class TravelAgent {

		private final ChatClient chatClient;

		TravelAgent(ChatClient chatClient) {
			this.chatClient = chatClient;
		}

		String ask(String question) {
			return this.chatClient.prompt().user(question).call().content();
		}

		String askInConversation(String conversationId, String question) {
			return this.chatClient.prompt()
				.user(question)
				.advisors((advisors) -> advisors.param(ChatMemory.CONVERSATION_ID, conversationId))
				.call()
				.content();
		}

		Flux<String> stream(String question) {
			return this.chatClient.prompt().user(question).stream().content();
		}

		@AgentRun(name = "trip-planner")
		String plan(String question) {
			return ask(question);
		}

		@AgentRun(name = "trip-streamer")
		Flux<String> planStreaming(String question) {
			return stream(question);
		}

		List<String> streamAll(String question) {
			return stream(question).collectList().block();
		}

	}

}
