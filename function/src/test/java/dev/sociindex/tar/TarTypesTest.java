package dev.sociindex.tar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TarTypesTest {
    @Test
    void ztocTypeNames() {
        assertEquals("reg", TarTypes.typeName('0'));
        assertEquals("hardlink", TarTypes.typeName('1'));
        assertEquals("symlink", TarTypes.typeName('2'));
        assertEquals("char", TarTypes.typeName('3'));
        assertEquals("block", TarTypes.typeName('4'));
        assertEquals("dir", TarTypes.typeName('5'));
        assertEquals("fifo", TarTypes.typeName('6'));
    }

    @Test
    void typesTheReaderNeverReturnsHaveNoName() {
        for (char type : new char[] {0, '7', 'g', 'x', 'S', 'L'}) {
            assertThrows(IllegalArgumentException.class, () -> TarTypes.typeName(type));
        }
    }
}
