package dev.agenttracing.aop;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a SpEL expression in an agent-tracing annotation, such as
 * {@code @AgentRun(conversationId = "#request.sessionId")}, cannot work for the method it
 * is on. Its failure analysis names the method, the expression and the fix.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class InvalidTracingExpressionException extends IllegalStateException {

	private final String annotation;

	private final String attribute;

	private final String method;

	private final String expression;

	private final String reason;

	/**
	 * Create an exception.
	 * @param annotation the annotation's simple name, such as {@code AgentRun}
	 * @param attribute the attribute, such as {@code conversationId}
	 * @param method the annotated method
	 * @param expression the expression
	 * @param reason why it cannot work
	 * @param cause the parser's exception, if any
	 */
	public InvalidTracingExpressionException(String annotation, String attribute, Method method, String expression,
			String reason, @Nullable Throwable cause) {
		super("@" + annotation + "(" + attribute + " = \"" + expression + "\") on "
				+ ParameterExpression.describe(method) + " cannot work: " + reason, cause);
		this.annotation = annotation;
		this.attribute = attribute;
		this.method = ParameterExpression.describe(method);
		this.expression = expression;
		this.reason = reason;
	}

	/** The annotation's simple name, such as {@code AgentRun}. */
	public String getAnnotation() {
		return this.annotation;
	}

	/** The annotation attribute, such as {@code conversationId}. */
	public String getAttribute() {
		return this.attribute;
	}

	/** The method, as {@code com.example.Agent.plan(Request)}. */
	public String getMethod() {
		return this.method;
	}

	public String getExpression() {
		return this.expression;
	}

	public String getReason() {
		return this.reason;
	}

}
