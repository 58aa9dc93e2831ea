package dev.agenttracing.sample;

import java.util.List;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.stereotype.Component;

/**
 * A tool that delegates to a subagent: its span holds the subagent's {@code invoke_agent}
 * span.
 */
@Component
public class ActivityTools {

	private final LocalGuideAgent localGuide;

	public ActivityTools(LocalGuideAgent localGuide) {
		this.localGuide = localGuide;
	}

	@Tool(name = "find_activities", description = "Asks the local guide agent for activities that suit the weather")
	public List<String> findActivities(@ToolParam(description = "The city, in English") String city,
			@ToolParam(description = "The weather, as get_weather reported it") String weather) {
		return this.localGuide.recommend(city, weather);
	}

}
