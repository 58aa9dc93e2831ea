package dev.agenttracing.sample;

import java.util.Map;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.stereotype.Component;

/**
 * A weather tool backed by a fixed table; unknown cities fail, as a real API would.
 * Spring AI hands the failure to the model as the tool's result, and the run goes on.
 */
@Component
public class WeatherTools {

	private static final Map<String, String> FORECASTS = Map.of("Lisbon", "sunny, 24°C", "Paris", "rainy, 14°C",
			"Kyoto", "cloudy, 19°C");

	@Tool(name = "get_weather", description = "Current weather for a city")
	public String currentWeather(@ToolParam(description = "The city, in English") String city) {
		String forecast = FORECASTS.get(city);
		if (forecast == null) {
			throw new UnknownCityException(city);
		}
		return forecast;
	}

	/**
	 * Thrown for a city the weather service does not know.
	 */
	public static class UnknownCityException extends RuntimeException {

		UnknownCityException(String city) {
			super("No weather data for " + city);
		}

	}

}
