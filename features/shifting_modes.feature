Feature: Shifting between mentoring and peer support
  As they grow, mentor and mentee may continue as peers, and later return to mentoring
  with either of them as the mentor: when the former mentee becomes the mentor, that is
  reverse mentoring. A shift takes effect once the other party agrees.

  Background:
    Given Ana mentors Budi in the "Graduate Engineers" programme

  Scenario: Mentor and mentee continue as peers
    When Ana proposes that they continue as peers
    And Budi agrees to the change of mode
    Then they are peers, with neither mentor nor mentee
    And the history shows, in order
      | who  | what                      |
      | Ana  | proposed a change of mode |
      | Budi | agreed the change of mode |

  Scenario: A proposed shift waits for the other party
    When Budi proposes that they continue as peers
    Then Budi's proposal to continue as peers awaits agreement
    And Ana still mentors Budi

  Scenario: Nobody agrees to their own shift
    Given Budi has proposed that they continue as peers
    When Budi agrees to the change of mode
    Then it is not allowed
    And Ana still mentors Budi

  Scenario: There is nothing to agree to before anyone proposes a shift
    When Ana agrees to the change of mode
    Then it is refused because there is nothing to agree to

  Scenario Outline: Peers return to mentoring with either as the mentor
    Given they have become peers
    When <proposer> proposes mentoring with <mentor> as the mentor
    And <other> agrees to the change of mode
    Then <mentor> mentors <mentee>

    Examples:
      | proposer | other | mentor | mentee |
      | Ana      | Budi  | Ana    | Budi   |
      | Ana      | Budi  | Budi   | Ana    |
      | Budi     | Ana   | Budi   | Ana    |

  Scenario: The mentee becomes the mentor: reverse mentoring
    When Budi proposes mentoring with Budi as the mentor
    And Ana agrees to the change of mode
    Then Budi mentors Ana

  Scenario: Peers from the start may turn to mentoring
    Given Chen and Dara are peers in the "Graduate Engineers" programme
    When Dara proposes mentoring with Chen as the mentor
    And Chen agrees to the change of mode
    Then Chen mentors Dara

  Scenario: Proposing the mentoring already in force
    When Budi proposes mentoring with Ana as the mentor
    Then it is refused because that mode is already in force

  Scenario: Proposing to be peers when they already are
    Given they have become peers
    When Ana proposes that they continue as peers
    Then it is refused because that mode is already in force

  Scenario: The mentor must be one of the two
    Given Chen is enrolled as a mentor
    When Budi proposes mentoring with Chen as the mentor
    Then it is refused because the mentor must be one of the two

  Scenario: Modes shift only while the relationship is active
    Given the relationship is now paused
    When Ana proposes that they continue as peers
    Then it is refused because the relationship does not allow it now
