package dev.agenttracing.sample;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.agenttracing.annotation.AgentRun;

/**
 * A subagent that knows each city's sights and picks those that suit the weather.
 */
@Component
public class LocalGuideAgent {

	@AgentRun(name = "local-guide", description = "Recommends activities in a city")
	public List<String> recommend(String city, String weather) {
		boolean wet = weather.contains("rain") || weather.contains("unknown");
		return switch (city) {
			case "Lisbon" -> wet ? List.of("Gulbenkian Museum", "Time Out Market") : List.of("Belém Tower", "tram 28");
			case "Paris" -> wet ? List.of("Louvre", "Musée d'Orsay") : List.of("Seine walk", "Montmartre");
			case "Kyoto" -> List.of("Fushimi Inari", "Nishiki Market");
			default -> List.of("a walk around town");
		};
	}

}
