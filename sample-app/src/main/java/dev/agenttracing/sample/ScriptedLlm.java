package dev.agenttracing.sample;

import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * A deterministic stand-in for a chat model, so the sample needs no API key or network: it
 * picks the destination from the request and writes the final answer from the tool results.
 */
@Component
public class ScriptedLlm {

	private static final List<String> KNOWN_CITIES = List.of("Lisbon", "Paris", "Kyoto", "Atlantis");

	/**
	 * Decide which city the user asks about.
	 * @param request the user's request
	 * @return the destination
	 */
	public String pickDestination(String request) {
		String lower = request.toLowerCase(Locale.ROOT);
		return KNOWN_CITIES.stream()
			.filter((city) -> lower.contains(city.toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElse("Lisbon");
	}

	/**
	 * Write the answer from what the tools found.
	 * @param city the destination
	 * @param weather the weather report, or a note that it is unknown
	 * @param activities the suggested activities
	 * @return the answer
	 */
	public String writeAnswer(String city, String weather, List<String> activities) {
		return "Trip to " + city + ": " + weather + ". Suggested: " + String.join(", ", activities) + ".";
	}

}
