Feature: Who may do what
  A relationship belongs to its two parties, and some steps belong to one of them only.
  The programme's coordinator looks after it without reading what the parties wrote;
  auditors read its history with the private text withheld; other participants do not
  even learn that it exists, and nobody gets in without signing in.

  Background:
    Given Ana mentors Budi in the "Graduate Engineers" programme
    And Chen is enrolled as a mentee

  Scenario: The parties read their relationship in full
    When Ana reads the relationship
    Then she sees Budi's message "I would like to learn how you lead code reviews."

  Scenario: Someone outside the relationship cannot see it
    When Chen reads the relationship
    Then it is refused as though there were no such relationship

  Scenario Outline: Someone outside the relationship cannot act on it
    When Chen tries to <do what>
    Then it is refused as though there were no such relationship

    Examples:
      | do what                |
      | schedule a meeting     |
      | add a goal             |
      | pause the relationship |
      | read the history       |

  Scenario Outline: Some steps are the other party's alone
    Given Dara is enrolled as a mentee
    And Dara has asked Ana for mentoring, and the relationship is now requested
    When <who> tries to <do what>
    Then it is not allowed
    And the relationship is still requested

    Examples:
      | who  | do what              |
      | Dara | accept the request   |
      | Dara | decline the request  |
      | Ana  | withdraw the request |

  Scenario: Who may act is settled before whether it can happen now
    Given Dara is enrolled as a mentee
    And Dara has asked Ana for mentoring, and the relationship is now declined
    When Dara tries to accept the request
    Then it is not allowed

  Scenario Outline: Everyone keeps to their role
    When <who> tries to <do what>
    Then it is not allowed

    Examples:
      | who                                | do what                    |
      | an auditor                         | ask Ana for mentoring      |
      | the coordinator                    | ask Ana for mentoring      |
      | the coordinator                    | schedule a meeting         |
      | the coordinator                    | read the history           |
      | an auditor                         | read the relationship      |
      | an auditor                         | pause the relationship     |
      | Budi                               | create a programme         |
      | Budi                               | register a new participant |
      | a coordinator of another programme | pause the relationship     |
      | a coordinator of another programme | conclude the relationship  |

  Scenario: The coordinator reads the relationship without its private text
    Given Budi has proposed to meet every 14 days by video, keeping "salary" confidential
    And Budi has scheduled a meeting
    And Budi has prepared the agenda with the topic "My salary review"
    And Ana has marked the meeting held with the summary "Budi asked for a raise"
    And Ana has given feedback about attitude: "Keep asking questions"
    When the coordinator reads the relationship
    Then who did what and when is visible, but none of what the parties wrote

  Scenario: An auditor reads the history with the private text withheld
    Given Budi has scheduled a meeting
    And Ana has marked the meeting held with the summary "Budi asked for a raise"
    And Ana has given feedback about attitude: "Keep asking questions"
    When an auditor reads the history
    Then every event is listed with its actor, and what the parties wrote reads "[private]"

  Scenario: The parties read the history with what they wrote
    Given Ana has given feedback about attitude: "Keep asking questions"
    When Budi reads the history
    Then the history shows the feedback "Keep asking questions" and the request's message

  Scenario Outline: The coordinator and an admin may step in
    When <who> pauses the relationship because "Reported concern"
    Then the relationship is paused

    Examples:
      | who             |
      | the coordinator |
      | an admin        |

  Scenario Outline: Nobody gets in without signing in
    When someone reads the relationship <how>
    Then they are asked to sign in

    Examples:
      | how                   |
      | without signing in    |
      | with an expired token |
      | with a forged token   |
      | with a garbled token  |
