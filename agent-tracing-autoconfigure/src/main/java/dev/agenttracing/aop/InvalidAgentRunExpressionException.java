package dev.agenttracing.aop;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.annotation.AgentRun;

/**
 * Thrown at startup when an {@link AgentRun#conversationId()} expression cannot work for the
 * method it is on. Its failure analysis names the method, the expression and the fix.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class InvalidAgentRunExpressionException extends IllegalStateException {

	private final String method;

	private final String expression;

	private final String reason;

	/**
	 * Create an exception.
	 * @param method the annotated method
	 * @param expression the expression
	 * @param reason why it cannot work
	 * @param cause the parser's exception, if any
	 */
	public InvalidAgentRunExpressionException(Method method, String expression, String reason,
			@Nullable Throwable cause) {
		super("@AgentRun(conversationId = \"" + expression + "\") on " + ConversationIdExpression.describe(method)
				+ " cannot work: " + reason, cause);
		this.method = ConversationIdExpression.describe(method);
		this.expression = expression;
		this.reason = reason;
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
