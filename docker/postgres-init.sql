-- The API and Rasa's tracker store keep their data in separate databases of one server.
CREATE DATABASE rasa OWNER leertdoor;
