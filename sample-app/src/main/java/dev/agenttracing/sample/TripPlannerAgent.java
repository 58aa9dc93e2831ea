package dev.agenttracing.sample;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import dev.agenttracing.annotation.AgentRun;

/**
 * The top-level agent: picks a destination, checks the weather, asks the activity tool (and
 * through it the local-guide subagent), then answers. A failing tool does not fail the run.
 */
@Component
public class TripPlannerAgent {

	private final ScriptedLlm llm;

	private final WeatherTools weather;

	private final ActivityTools activities;

	private final AtomicLong callIds = new AtomicLong();

	public TripPlannerAgent(ScriptedLlm llm, WeatherTools weather, ActivityTools activities) {
		this.llm = llm;
		this.weather = weather;
		this.activities = activities;
	}

	@AgentRun(name = "trip-planner", description = "Plans trips", version = "1.0")
	public String plan(String request) {
		String city = this.llm.pickDestination(request);
		String forecast;
		try {
			forecast = this.weather.currentWeather(city, "call_" + this.callIds.incrementAndGet());
		}
		catch (WeatherTools.UnknownCityException ex) {
			forecast = "weather unknown";
		}
		List<String> suggestions = this.activities.findActivities(city, forecast);
		return this.llm.writeAnswer(city, forecast, suggestions);
	}

}
