/**
 * Small classes that break one house rule each (see architecture.HouseRulesCatchTest). Each subpackage mirrors the real
 * package names below its own root ({@code archfixture.upward.gzip} plays {@code gzip}), so the rules run on them
 * unchanged. Test code only: the real check (architecture.LayeringTest) imports main classes alone.
 */
package dev.sociindex.archfixture;
