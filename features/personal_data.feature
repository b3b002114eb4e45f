Feature: Personal data
  People tell their mentors things they would tell nobody else. Each of them can take a copy of
  everything Tandem holds about them, and can ask to be forgotten: then their name, their address
  and everything written in their relationships is gone, for everyone and for good, while an
  auditor can still show who did what and when, and that nothing was changed behind the
  service's back. A programme can also say how long what was written is kept once a
  relationship has ended.

  Background:
    Given Ana mentors Budi in the "Graduate Engineers" programme

  Scenario: Budi takes a copy of everything Tandem holds about him
    Given Budi has proposed to meet every 14 days by video, keeping "my health" confidential
    And Ana has scheduled a meeting
    And Ana has marked the meeting held with the summary "Budi talked about his sleep"
    When Budi asks for a copy of his personal data
    Then the copy starts with his name, his address and his programmes
    And it holds every step of his relationship with Ana, with what both of them wrote

  Scenario: An auditor verifies the history of a person who was forgotten
    Given Budi has proposed to meet every 14 days by video, keeping "my health" confidential
    And Ana has scheduled a meeting
    And Ana has marked the meeting held with the summary "Budi talked about his sleep"
    And the relationship's history has been sealed
    When an admin erases Budi because "He asked to be forgotten"
    Then Budi's name and address read "[erased]" and he is in no programme
    And Ana reads "[erased]" wherever something was written
    And nobody can find "my health" or "his sleep" anywhere any more
    When an auditor checks the relationship's history
    Then the history is complete and unaltered
    And the history shows, in order
      | who      | what                     |
      | Budi     | asked                    |
      | Ana      | accepted                 |
      | Budi     | proposed boundaries      |
      | Ana      | scheduled a meeting      |
      | Ana      | held the meeting         |
      | an admin | erased what was written  |
    And the trail says an admin erased it because "He asked to be forgotten"

  Scenario: Nobody is forgotten twice
    Given an admin has erased Budi because "He asked to be forgotten"
    When an admin asks to erase Budi again
    Then it is refused because he was erased already

  Scenario: Only an admin can make Tandem forget someone
    When the coordinator asks to erase Budi
    Then it is not allowed

  Scenario: Nothing new is written in a relationship whose words were erased
    Given an admin has erased Budi because "He asked to be forgotten"
    When Ana tries to add a goal
    Then it is refused because what was written there was erased
    When the coordinator tries to conclude the relationship
    Then the relationship is concluded

  @in_process
  Scenario: A programme forgets what was written some time after a relationship ends
    Given the programme keeps what was written for 30 days
    And Eko asked Fajar for mentoring 40 days ago, and they concluded 31 days ago
    And Chen asked Dara for peer mentoring 40 days ago, and they concluded 29 days ago
    When the programme's retention pass runs
    Then what Eko and Fajar wrote reads "[erased]"
    And what Chen and Dara wrote is still there
