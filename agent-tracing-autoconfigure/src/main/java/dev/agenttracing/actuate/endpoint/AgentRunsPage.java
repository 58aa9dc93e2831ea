package dev.agenttracing.actuate.endpoint;

import java.net.URI;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The web page of recent agent runs: static HTML, CSS and JavaScript shipped in the jar
 * (no CDN), which read the {@link AgentRunsEndpoint agentruns} endpoint from the browser.
 * Served through the application's own servlet stack, so its security filter chain
 * applies to it.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class AgentRunsPage {

	/** Where the page's files are in the jar. */
	public static final String LOCATION = "dev/agenttracing/runs-ui/";

	private AgentRunsPage() {
	}

	/**
	 * Routes that serve the page.
	 * @param path the page's path, such as {@code /agent-runs}
	 * @param endpointPath the endpoint's path below the context path, such as
	 * {@code /actuator/agentruns}
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> routes(String path, String endpointPath) {
		Assert.isTrue(path.startsWith("/") && !path.endsWith("/"), "path must start and not end with '/'");
		Resource index = new ClassPathResource(LOCATION + "index.html");
		return RouterFunctions.route()
			.GET(path,
					(request) -> ServerResponse.permanentRedirect(URI.create(contextPath(request) + path + "/"))
						.build())
			.GET(path + "/",
					(request) -> ServerResponse.ok()
						.contentType(MediaType.TEXT_HTML)
						.cacheControl(CacheControl.noCache())
						.body(index))
			// The page asks where the endpoint is: the management base path and mapping
			// are the app's.
			.GET(path + "/endpoint.json",
					(request) -> ServerResponse.ok()
						.contentType(MediaType.APPLICATION_JSON)
						.cacheControl(CacheControl.noStore())
						.body("{\"endpoint\":\"" + jsonEscape(contextPath(request) + endpointPath) + "\"}"))
			.resources(path + "/**", new ClassPathResource(LOCATION))
			.build();
	}

	private static String contextPath(ServerRequest request) {
		return request.requestPath().contextPath().value();
	}

	private static String jsonEscape(String value) {
		StringBuilder escaped = new StringBuilder(value.length() + 8);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				escaped.append('\\').append(c);
			}
			else if (c < 0x20) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
