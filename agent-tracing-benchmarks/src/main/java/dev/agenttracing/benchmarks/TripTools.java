package dev.agenttracing.benchmarks;

import java.util.Map;

import org.springframework.ai.tool.annotation.Tool;

/**
 * The tool of the Spring AI cases, a Spring AI {@link Tool}: the same small lookup as
 * {@link WeatherTool}, so that the cost around the call is what is measured.
 *
 * @author agent-tracing
 */
public class TripTools {

	private static final Map<String, String> FORECASTS = Map.of("Lisbon", "sunny, 24°C", "Paris", "rainy, 14°C",
			"Kyoto", "cloudy, 19°C");

	@Tool(name = WeatherTool.NAME, description = WeatherTool.DESCRIPTION)
	public String currentWeather(String city) {
		String forecast = FORECASTS.get(city);
		return (forecast != null) ? forecast : "unknown";
	}

}
