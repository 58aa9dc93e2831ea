package dev.agenttracing.benchmarks;

import java.util.Map;

import io.micrometer.observation.annotation.Observed;

import dev.agenttracing.annotation.Tool;
import dev.agenttracing.annotation.ToolCallId;

/**
 * The measured tool: a small lookup, so that what the benchmarks see is the cost around
 * the call, not the call. It carries both {@link Tool} and {@link Observed}; each
 * benchmark context turns on at most one of the two aspects, so every case calls this
 * very method.
 *
 * @author agent-tracing
 */
public class WeatherTool {

	static final String NAME = "get_weather";

	static final String DESCRIPTION = "Current weather for a city";

	private static final Map<String, String> FORECASTS = Map.of("Lisbon", "sunny, 24°C", "Paris", "rainy, 14°C",
			"Kyoto", "cloudy, 19°C");

	@Tool(name = NAME, description = DESCRIPTION)
	@Observed(name = "execute_tool", contextualName = "execute_tool " + NAME,
			lowCardinalityKeyValues = { "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", NAME,
					"gen_ai.tool.type", "function", "gen_ai.tool.description", DESCRIPTION })
	public String currentWeather(String city, @ToolCallId String callId) {
		String forecast = FORECASTS.get(city);
		return (forecast != null) ? forecast : "unknown";
	}

}
