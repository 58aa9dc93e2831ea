package dev.agenttracing.benchmarks;

import java.util.List;

import dev.agenttracing.annotation.AgentRun;

/**
 * A whole small agent run (case 6): one {@code @AgentRun} that calls two {@code @Tool}s
 * and one {@code @LlmCall} through their Spring proxies, as an agent bean does.
 *
 * @author agent-tracing
 */
public class TripPlanner {

	private final WeatherTool weather;

	private final ActivityTool activities;

	private final ScriptedModel model;

	public TripPlanner(WeatherTool weather, ActivityTool activities, ScriptedModel model) {
		this.weather = weather;
		this.activities = activities;
		this.model = model;
	}

	@AgentRun(name = "trip-planner", description = "Plans trips", provider = "openai")
	public String plan(String city) {
		String forecast = this.weather.currentWeather(city, "call_1");
		List<String> things = this.activities.activities(city, "call_2");
		return this.model.chat(forecast + things.get(0)).text();
	}

}
