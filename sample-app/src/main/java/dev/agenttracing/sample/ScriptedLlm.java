package dev.agenttracing.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import dev.agenttracing.annotation.LlmCall;

/**
 * A deterministic stand-in for a chat model, so the sample needs no API key or network. It
 * drives a real agent loop (ask for the weather, then for activities, then answer) and reports
 * token usage the way a provider would: input grows with the conversation, part of it is served
 * from the prompt cache.
 */
@Component
public class ScriptedLlm {

	static final String PROVIDER = "scripted";

	static final String MODEL = "trip-llm-1";

	private static final List<String> KNOWN_CITIES = List.of("Lisbon", "Paris", "Kyoto", "Atlantis");

	private final AtomicLong responses = new AtomicLong();

	@LlmCall(provider = PROVIDER, model = MODEL)
	public ChatAnswer chat(List<ChatMessage> conversation) {
		String city = destination(conversation.get(1).content());
		long toolResults = conversation.stream().filter((message) -> message.role().equals("tool")).count();
		if (toolResults == 0) {
			return answer(conversation, null, "get_weather", city);
		}
		if (toolResults == 1) {
			return answer(conversation, null, "find_activities", city);
		}
		List<ChatMessage> results = conversation.stream().filter((message) -> message.role().equals("tool")).toList();
		String text = "Trip to " + city + ": " + results.get(0).content() + ". Suggested: " + results.get(1).content()
				+ ".";
		return answer(conversation, text, null, null);
	}

	@LlmCall(provider = PROVIDER, model = MODEL)
	public Flux<ChatChunk> stream(List<ChatMessage> conversation) {
		String text = chat(conversation).text();
		List<String> words = List.of(((text != null) ? text : "").split(" "));
		long input = tokens(conversation);
		List<ChatChunk> chunks = new ArrayList<>();
		for (int i = 0; i < words.size(); i++) {
			boolean last = i == words.size() - 1;
			chunks.add(new ChatChunk(words.get(i) + (last ? "" : " "), last ? input : null,
					last ? (long) words.size() : null));
		}
		// A model thinks before the first token, then streams at a steady pace.
		return Flux.fromIterable(chunks).delayElements(Duration.ofMillis(15)).delaySubscription(Duration.ofMillis(120));
	}

	private ChatAnswer answer(List<ChatMessage> conversation, String text, String toolName, String toolArgument) {
		long input = tokens(conversation);
		long output = (text != null) ? text.split(" ").length + 2 : 12;
		long cached = (conversation.size() > 2) ? tokens(conversation.subList(0, 2)) : 0;
		return new ChatAnswer(text, toolName, toolArgument, "resp_" + this.responses.incrementAndGet(), MODEL + "-0611",
				input, output, cached);
	}

	static String destination(String request) {
		String lower = request.toLowerCase(Locale.ROOT);
		return KNOWN_CITIES.stream()
			.filter((city) -> lower.contains(city.toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElse("Lisbon");
	}

	private static long tokens(List<ChatMessage> messages) {
		// About four characters a token, as for English text.
		return messages.stream().mapToLong((message) -> 4 + message.content().length() / 4).sum();
	}

}
