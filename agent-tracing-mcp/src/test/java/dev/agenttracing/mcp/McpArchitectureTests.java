package dev.agenttracing.mcp;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.agenttracing.testsupport.ArchitectureRules;

/**
 * The structure of the module, checked on its compiled classes so that {@code mvn verify}
 * fails when it drifts: no package cycles, other projects' internal packages used only by
 * the adapters in {@code dev.agenttracing.mcp.internal}, and none of the core's adapters
 * to them.
 */
class McpArchitectureTests {

	private static final JavaClasses CLASSES = ArchitectureRules.mainClasses("dev.agenttracing.mcp");

	@Test
	void thereAreNoPackageCycles() {
		ArchitectureRules.noPackageCycles("dev.agenttracing.mcp").check(CLASSES);
	}

	@Test
	void onlyTheAdaptersUseOtherProjectsInternalPackages() {
		ArchitectureRules.otherProjectsInternalsOnlyIn("dev.agenttracing.mcp.internal").check(CLASSES);
	}

	@Test
	void theCoresAdaptersAreNotUsed() {
		ArchitectureRules.noUseOfTheCoresAdapters().check(CLASSES);
	}

}
