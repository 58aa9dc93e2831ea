package dev.agenttracing.springai;

import java.util.List;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.tool.annotation.Tool;
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

	static final InMemorySpanExporter spans = InMemorySpanExporter.create();

	@Bean
	SpanProcessor testSpanProcessor() {
		return SimpleSpanProcessor.create(spans);
	}

	@Bean
	WeatherTools weatherTools() {
		return new WeatherTools();
	}

	@Bean
	TravelAgent travelAgent(ChatClient.Builder chatClient, WeatherTools tools) {
		return new TravelAgent(chatClient.defaultSystem("You plan trips.").defaultTools(tools).build());
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
