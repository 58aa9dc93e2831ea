package dev.agenttracing.sample;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.agenttracing.annotation.Tool;
import dev.agenttracing.annotation.ToolCallId;

/**
 * A weather tool backed by a fixed table; unknown cities fail, as a real API would.
 */
@Component
public class WeatherTools {

	private static final Map<String, String> FORECASTS = Map.of("Lisbon", "sunny, 24°C", "Paris", "rainy, 14°C",
			"Kyoto", "cloudy, 19°C");

	@Tool(name = "get_weather", description = "Current weather for a city")
	public String currentWeather(String city, @ToolCallId String callId) {
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
