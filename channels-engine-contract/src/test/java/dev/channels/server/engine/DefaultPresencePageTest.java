package dev.channels.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default {@link PresenceManager#page} (what engines without their own, such as Redis, answer get.info with). */
class DefaultPresencePageTest {

    private static List<PresenceInfo> members(int n) {
        List<PresenceInfo> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(new PresenceInfo("c" + i, "ch", "", Instant.EPOCH, "node"));
        }
        return all;
    }

    @Test
    void walksEveryMemberOnceAndEndsWithoutNext() {
        List<PresenceInfo> all = members(7);
        List<PresenceInfo> walked = new ArrayList<>();
        PresencePage page = PresencePage.slice(all, "", 3);
        walked.addAll(page.members());
        while (page.hasNext()) {
            page = PresencePage.slice(all, page.next(), 3);
            assertThat(page.count()).isEqualTo(7);
            walked.addAll(page.members());
        }
        assertThat(walked).containsExactlyElementsOf(all);
        assertThat(PresencePage.slice(members(3), "", 3).hasNext()).isFalse();
    }

    @Test
    void earlierMembersLeavingDoNotShiftTheNextPage() {
        List<PresenceInfo> all = members(7);
        PresencePage first = PresencePage.slice(all, "", 3); // c0 c1 c2
        all.remove(0);
        all.remove(0); // c0 and c1 left: the cursor's c2 moved up
        assertThat(PresencePage.slice(all, first.next(), 3).members()).extracting(PresenceInfo::clientId)
                .containsExactly("c3", "c4", "c5");
    }

    @Test
    void aCursorItDidNotMakeIsRefused() {
        assertThatThrownBy(() -> PresencePage.slice(members(3), "nonsense", 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
