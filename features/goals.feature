Feature: Goals
  A relationship starts from the goals the requester names, one to ten of them. While
  the relationship is active either party may add goals and mark them achieved.

  Scenario: The goals named in the request are the relationship's first goals
    Given the "Graduate Engineers" programme
    And Ana is enrolled as a mentor
    And Budi is enrolled as a mentee
    When Budi asks Ana for mentoring with the goals "Lead a code review" and "Run a retrospective"
    Then the goals are "Lead a code review" and "Run a retrospective", none achieved yet

  Scenario Outline: A request names between one and ten goals
    Given the "Graduate Engineers" programme
    And Ana is enrolled as a mentor
    And Budi is enrolled as a mentee
    When Budi asks Ana for mentoring with <count> goals
    Then the request waits for Ana's answer
    And the relationship has <count> goals

    Examples:
      | count |
      | 1     |
      | 10    |

  Scenario Outline: A request without goals, or with too many, is refused
    Given the "Graduate Engineers" programme
    And Ana is enrolled as a mentor
    And Budi is enrolled as a mentee
    When Budi asks Ana for mentoring with <count> goals
    Then it is refused, naming "goals" as invalid

    Examples:
      | count |
      | 0     |
      | 11    |

  Scenario Outline: Either party adds a goal
    Given Ana mentors Budi in the "Graduate Engineers" programme
    When <who> adds the goal "Speak at the team meeting"
    Then the goals include "Speak at the team meeting", not yet achieved

    Examples:
      | who  |
      | Ana  |
      | Budi |

  Scenario: A goal needs its text
    Given Ana mentors Budi in the "Graduate Engineers" programme
    When Budi adds a goal without saying what it is
    Then it is refused, naming "text" as invalid

  Scenario Outline: Either party marks a goal achieved
    Given Ana mentors Budi in the "Graduate Engineers" programme
    And Budi has added the goal "Speak at the team meeting"
    When <who> marks the goal "Speak at the team meeting" achieved
    Then the goal "Speak at the team meeting" is achieved
    And the history shows, in order
      | who   | what            |
      | Budi  | added a goal    |
      | <who> | achieved a goal |

    Examples:
      | who  |
      | Ana  |
      | Budi |

  Scenario: A goal is achieved only once
    Given Ana mentors Budi in the "Graduate Engineers" programme
    And Budi has added the goal "Speak at the team meeting"
    And Ana has marked the goal "Speak at the team meeting" achieved
    When Budi marks the goal "Speak at the team meeting" achieved
    Then it is refused because the goal is already achieved

  Scenario: A goal that does not exist cannot be achieved
    Given Ana mentors Budi in the "Graduate Engineers" programme
    When Budi marks a goal that was never set as achieved
    Then it is refused as though there were no such goal

  Scenario Outline: Goals change only while the relationship is active
    Given Ana mentors Budi in the "Graduate Engineers" programme
    And the relationship is now <status>
    When Budi adds the goal "Speak at the team meeting"
    Then it is refused because the relationship does not allow it now

    Examples:
      | status    |
      | paused    |
      | concluded |
