package dev.agenttracing.benchmarks;

import java.util.List;

import dev.agenttracing.annotation.Tool;
import dev.agenttracing.annotation.ToolCallId;

/**
 * The second tool of the small agent run (case 6).
 *
 * @author agent-tracing
 */
public class ActivityTool {

	private static final List<String> ACTIVITIES = List.of("Louvre", "Musée d'Orsay");

	@Tool(name = "find_activities", description = "Things to do in a city")
	public List<String> activities(String city, @ToolCallId String callId) {
		return city.isEmpty() ? List.of() : ACTIVITIES;
	}

}
