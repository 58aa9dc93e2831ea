package dev.agenttracing.sample;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.agenttracing.annotation.Tool;

/**
 * A tool that delegates to a subagent: its span holds the subagent's {@code invoke_agent} span.
 */
@Component
public class ActivityTools {

	private final LocalGuideAgent localGuide;

	public ActivityTools(LocalGuideAgent localGuide) {
		this.localGuide = localGuide;
	}

	@Tool(name = "find_activities", description = "Asks the local guide agent for activities that suit the weather")
	public List<String> findActivities(String city, String weather) {
		return this.localGuide.recommend(city, weather);
	}

}
