Feature: Coordinating a programme
  A coordinator looks after the relationships of the programmes they run: how many there
  are and how they are going, which of them need a check-in, and who went on from being
  mentored to mentoring others. They see the shape of every relationship but never what
  the parties wrote to each other, and nothing at all of programmes they do not run.

  Background:
    Given Ana mentors Budi in the "Graduate Engineers" programme

  Scenario: A coordinator sees how their programme is going
    Given Budi has added the goal "Present at the guild"
    And Ana has marked the goal "Present at the guild" achieved
    And they last met 3 days ago
    And Ana has cancelled a meeting
    And they have a meeting planned for next week
    And Ana has given Budi feedback
    And Budi has given Ana feedback
    And Chen and Dara are peers in the "Graduate Engineers" programme
    And Chen has given Dara feedback
    And Eko has asked Fajar for mentoring, and the relationship is now declined
    When the coordinator looks at the programme's status
    Then the programme's status shows
      | figure                         | count |
      | relationships                  | 3     |
      | active                         | 2     |
      | declined                       | 1     |
      | paused                         | 0     |
      | in mentoring                   | 2     |
      | between peers                  | 1     |
      | meetings held                  | 1     |
      | meetings cancelled             | 1     |
      | meetings coming up             | 1     |
      | too early to tell              | 1     |
      | on track                       | 1     |
      | in need of a check-in          | 0     |
      | goals set                      | 4     |
      | goals achieved                 | 1     |
      | feedback from mentor to mentee | 1     |
      | feedback from mentee to mentor | 1     |
      | feedback between peers         | 1     |

  Scenario: A coordinator sees the shifts to peer support and back, and the mentee who became a mentor
    Given they have continued as peers
    And they have returned to mentoring with Budi as the mentor
    When the coordinator looks at the programme's status
    Then the programme's status shows
      | figure                     | count |
      | shifts to peer support     | 1     |
      | shifts back to mentoring   | 1     |
      | in mentoring               | 1     |
      | mentees who became mentors | 1     |

  Scenario: A coordinator finds the relationships that need a check-in
    Given they last met 60 days ago
    And Chen mentors Dara in the "Graduate Engineers" programme
    And they last met 60 days ago
    And they have a meeting planned for next week
    And Eko mentors Fajar in the "Graduate Engineers" programme
    When the coordinator looks for the relationships that need a check-in
    Then they find only Ana and Budi's relationship

  Scenario Outline: How a relationship is going depends only on when they met and will meet
    Given <what happened>
    When the coordinator lists the programme's relationships
    Then Ana and Budi's relationship is <how it is going>

    Examples:
      | what happened                                              | how it is going       |
      | they have not met yet                                      | too early to tell     |
      | they last met 3 days ago                                   | on track              |
      | they last met 13 days ago                                  | on track              |
      | they last met 15 days ago                                  | in need of a check-in |
      | they last met 60 days ago                                  | in need of a check-in |
      | they last met 60 days ago, and meet again in 10 days       | on track              |
      | they last met 60 days ago, and meet again in 20 days       | in need of a check-in |
      | they agreed to meet every 90 days and last met 60 days ago | on track              |
      | they agreed to meet every 7 days and last met 10 days ago  | in need of a check-in |

  Scenario: The lineage of a mentee who became a mentor
    Given Budi mentors Chen in the "Graduate Engineers" programme
    When the coordinator looks at Budi's lineage
    Then Budi was mentored by Ana and mentors Chen
    And Ana's lineage shows Chen two generations on
    And the programme's status counts 1 mentee who became a mentor

  Scenario: A coordinator of another programme cannot see this programme's status
    When a coordinator of another programme looks at the programme's status
    Then it is not allowed

  Scenario: A coordinator of another programme does not find this programme's relationships
    When a coordinator of another programme lists the relationships they can see
    Then they find no relationships

  Scenario: A coordinator of another programme cannot list this programme's relationships
    When a coordinator of another programme lists the programme's relationships
    Then it is not allowed

  Scenario Outline: Only the programme's coordinators and admins see its status
    When <who> looks at the programme's status
    Then it is not allowed

    Examples:
      | who        |
      | an auditor |
      | Budi       |

  Scenario: An admin sees the status of any programme
    When an admin looks at the programme's status
    Then the programme's status shows
      | figure        | count |
      | relationships | 1     |
      | active        | 1     |

  Scenario: A coordinator never reads what the parties wrote to each other
    Given Budi has proposed to meet every 14 days by video, keeping "salary" confidential
    And Ana has scheduled a meeting
    And Ana has marked the meeting held with the summary "We talked through the pay review"
    And Ana has given Budi feedback
    When the coordinator lists the programme's relationships
    And the coordinator looks at the programme's status
    And the coordinator exports the programme's relationships as a spreadsheet
    Then nothing the parties wrote appears in what the coordinator saw

  Scenario: Participants see only their own relationships
    Given Chen and Dara are peers in the "Graduate Engineers" programme
    When Budi lists the relationships they can see
    Then they find only Ana and Budi's relationship

  Scenario: A coordinator exports the programme's relationships as a spreadsheet
    Given Chen and Dara are peers in the "Graduate Engineers" programme
    And Eko has asked Fajar for mentoring, and the relationship is now requested
    When the coordinator exports the programme's relationships as a spreadsheet
    Then the spreadsheet has a header row and one row for each of the 3 relationships, oldest first
