Feature: Auditing
  An auditor answers for what happened in a programme: every step of every relationship,
  who took it and when, without reading what the parties wrote to each other. They take
  the record away as a file, and can tell whether anyone has changed it behind the
  service's back. A coordinator can show how the programme stood at an earlier date,
  exactly as it stood then, whatever has happened since.

  Background:
    Given Ana mentors Budi in the "Graduate Engineers" programme

  Scenario: An auditor reads a relationship's whole history and exports it
    Given Budi has proposed to meet every 14 days by video, keeping "salary" confidential
    And Budi has scheduled a meeting
    And Ana has marked the meeting held with the summary "Budi asked for a raise"
    And Budi has added the goal "Present at the guild"
    When an auditor reads the relationship's whole history
    Then it lists every step, in order, with who took it and when
      | who  | what                |
      | Budi | asked               |
      | Ana  | accepted            |
      | Budi | proposed boundaries |
      | Budi | scheduled a meeting |
      | Ana  | held the meeting    |
      | Budi | added a goal        |
    And what the parties wrote reads "[private]" while the rest is shown
    When the auditor exports the relationship's history
    Then the export holds the same steps as the history, one a line

  Scenario: An auditor exports the programme's trail
    Given Budi has proposed to meet every 14 days by video, keeping "salary" confidential
    And Budi has scheduled a meeting
    And Ana has marked the meeting held with the summary "Budi asked for a raise"
    And Chen and Dara are peers in the "Graduate Engineers" programme
    And Eko has asked Fajar for mentoring, and the relationship is now declined
    When an auditor exports the programme's trail
    Then the export lists every step of the programme's 3 relationships, in the order they were taken
    And nothing the parties wrote appears in the export

  Scenario Outline: An auditor exports only the steps they are looking for
    Given the coordinator has paused Ana and Budi's relationship
    And Chen and Dara are peers in the "Graduate Engineers" programme
    When an auditor exports the programme's trail of <which steps>
    Then the export lists exactly <which steps>, in the order they were taken

    Examples:
      | which steps                   |
      | what Ana did                  |
      | what the coordinator did      |
      | the accepted requests         |
      | Chen and Dara's relationship  |

  Scenario: An untouched history checks out
    Given Budi has added the goal "Present at the guild"
    And the relationship's history has been sealed
    When an auditor checks the relationship's history
    Then the history is complete and unaltered

  @in_process
  Scenario Outline: An auditor detects a tampered history
    Given Budi has proposed to meet every 14 days by video, keeping "salary" confidential
    And Budi has added the goal "Present at the guild"
    And the relationship's history has been sealed
    And someone with access to the database has <tampered>
    When an auditor checks the relationship's history
    Then the check finds the history <problem> at step <step>

    Examples:
      | tampered                                    | problem      | step |
      | put the third step down to Ana instead      | altered      | 3    |
      | deleted the third step                      | missing      | 3    |
      | swapped the second and fourth steps         | out of order | 2    |

  Scenario: A coordinator reproduces the programme's status at the end of last quarter
    Given Budi has added the goal "Present at the guild"
    And Chen and Dara are peers in the "Graduate Engineers" programme
    And the coordinator noted the programme's status at the end of the quarter
    And since then Chen and Dara have concluded their relationship
    And Eko has asked Fajar for mentoring, and the relationship is now declined
    When the coordinator asks for the programme's status as it stood at the end of the quarter
    Then it is exactly the status noted then
    And asking again gives the very same answer
    And today's status is not the same

  Scenario: Before the programme began there was nothing to count
    When the coordinator asks for the programme's status as it stood the day before the programme began
    Then every figure is zero

  Scenario: There is no status yet of a moment still to come
    When the coordinator asks for the programme's status as it will stand tomorrow
    Then it is refused, naming "as_of" as invalid
